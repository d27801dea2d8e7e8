"""User-facing errors.

Every failure a user can cause (bad file, bad query, bad metadata) is raised as a
``XuehuiError`` whose message is Simplified Chinese and names *where* the problem is.
The CLI and the web app print the message and exit non-zero; they never show a traceback.
"""

from __future__ import annotations

import datetime
import re


class XuehuiError(Exception):
    """A problem the user can fix; ``str(err)`` is the Chinese message to show."""

    exit_code = 1

    def __init__(self, message: str, *, where: str | None = None) -> None:
        self.message = message
        self.where = where
        super().__init__(f"{where}：{message}" if where else message)


class InputError(XuehuiError):
    """The input cannot be read at all (exit code 2, as for `xuehui audit`)."""

    exit_code = 2


class QueryError(XuehuiError):
    """A search query the parser cannot understand."""


_DATE_LIKE = re.compile(r"^[^#\n]*?:\s*['\"]?(\d{4}-\d{1,2}-\d{1,2})\b", re.MULTILINE)


def yaml_problem(err: Exception, text: str) -> str:
    """Why a YAML file could not be loaded, in Chinese with the line (and column).

    ``err`` is what ``yaml.safe_load`` raised: a ``YAMLError`` for broken syntax, or a
    ``ValueError`` for a well-formed value YAML cannot build, such as the date 2026-13-45.
    """
    mark = getattr(err, "problem_mark", None) or getattr(err, "context_mark", None)
    if mark is not None:
        return (
            f"第 {mark.line + 1} 行第 {mark.column + 1} 列附近有语法错误（常见原因：冒号后缺空格、"
            "括号或引号没有配对、缩进不一致、用了 Tab 缩进）"
        )
    for match in _DATE_LIKE.finditer(text):
        year, month, day = (int(x) for x in match.group(1).split("-"))
        try:
            datetime.date(year, month, day)
        except ValueError:
            line = text.count("\n", 0, match.start()) + 1
            return f"第 {line} 行的日期 {match.group(1)} 不存在，日期应为 YYYY-MM-DD"
    return "有语法错误，无法解析"
