"""Remove what is not part of a regulation from a delivered text, and nothing else.

Saved web pages and converted Word files carry site chrome (navigation, QR-code prompts,
copyright and address footers, hit counters) and image placeholders. Cleaning drops those
lines (or, for an image placeholder, just the placeholder); every other character of the
original stays as it was, so the cleaned body is a line-wise subsequence of the original.
"""

from __future__ import annotations

import re

# Whole lines that are page furniture, never regulation text.
_CHROME_LINES = [
    re.compile(r"^\s*二维码(扫描|分享)?\s*$"),
    re.compile(r"^\s*(扫一扫|扫描二维码)"),
    re.compile(r"^\s*Copyright\s*©", re.IGNORECASE),
    re.compile(r"ICP备案号|ICP备\d+"),
    re.compile(r"^\s*地址[:：].*(邮政编码|邮编|电话)"),
    re.compile(r"^\s*技术支持[:：\s]"),
    re.compile(r"^\s*发布时间[:：].*点击量"),
    re.compile(r"^\s*您的位置[:：]"),
    re.compile(r"^\s*\|\s*最新动态\s*$"),
    re.compile(r"^\s*版权所有[:：\s]"),
    re.compile(r"^\s*【(?:打印本页|关闭窗口|返回顶部|打印|关闭)】"),
]
_IMAGE = re.compile(r"[ \t\u3000]*\[image:[^\]]*\]")
# Markdown as published by law databases: `#` heading marks and HTML comment lines
# (`<!-- INFO END -->` after the promulgation lines) are markup, not law.
_MD_HEADING = re.compile(r"^#{1,6}[ \t]+")
_MD_COMMENT = re.compile(r"^\s*<!--.*-->\s*$")


def is_chrome(line: str) -> bool:
    """A whole line of page furniture (【打印本页】【关闭窗口】, 版权所有…ICP备…号): a saved web
    page's, never the text of a regulation or a charter."""
    return any(p.search(line) for p in _CHROME_LINES)


def clean_text(raw: str, start_at: str | None = None, markdown: bool = False) -> str:
    """The cleaned body of ``raw``.

    ``start_at`` names the text of the first line that belongs to the regulation, for files
    with a page header (a news list) before it; lines before that line are dropped.
    ``markdown`` strips Markdown markup only: heading marks (``## 第一章 总则`` becomes
    ``第一章 总则``) and comment lines; the words of every line stay as they were.
    """
    lines = raw.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    if start_at:
        for i, line in enumerate(lines):
            if start_at in line:
                lines = lines[i:]
                break
    kept = []
    for line in lines:
        if is_chrome(line):
            continue
        if markdown:
            if _MD_COMMENT.match(line):
                continue
            line = _MD_HEADING.sub("", line)
        kept.append(_IMAGE.sub("", line))
    return "\n".join(kept).strip("\n") + "\n"
