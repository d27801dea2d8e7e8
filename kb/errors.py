"""User-facing errors.

Every failure a user can cause (bad file, bad query, bad metadata) is raised as a
``XuehuiError`` whose message is Simplified Chinese and names *where* the problem is.
The CLI and the web app print the message and exit non-zero; they never show a traceback.
"""

from __future__ import annotations


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
