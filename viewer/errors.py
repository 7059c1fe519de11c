"""Errors shared by the command line and the modules it calls."""

from __future__ import annotations


class UsageError(Exception):
    """A bad command-line argument: the CLI prints the message as one line and exits with code 2."""


SHOWN_CHARS = 300
"""Longest error text shown to a viewer."""


def shown_text(exc: BaseException) -> str:
    """What a viewer of the app may read about ``exc``.

    A content-file error gives its ``shown`` form (file name relative to the annotations folder,
    field, what was expected: never a server path or a quoted value); any other error its
    message, cut in the middle to :data:`SHOWN_CHARS` characters (a long quoted value sits in
    the middle; what was expected comes last).
    """
    text = getattr(exc, "shown", None)
    if not isinstance(text, str):
        text = str(exc)
    if len(text) <= SHOWN_CHARS:
        return text
    half = SHOWN_CHARS // 2
    return f"{text[:half]} ... {text[-half:]}"
