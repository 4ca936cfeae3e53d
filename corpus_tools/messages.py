"""One-line messages for the user: every entry that gave no article, and why, and every warning about
the input, each on a line of its own."""
from __future__ import annotations

import re
import sys

import pandas as pd

CONTROL_CHARS = re.compile("[\x00-\x1f\x7f\x85\u2028\u2029]")


def report_skipped(skipped: pd.DataFrame) -> None:
    """One line on stderr per entry of the `skipped` table."""
    for path, reason in zip(skipped["path"], skipped["reason"]):
        print(f"skipped {one_line(path)}: {one_line(reason)}", file=sys.stderr)


def report_warnings(warnings: pd.DataFrame) -> None:
    """One line on stderr per row of the `warnings` table: "warning: PATH[:LINE]: MESSAGE"."""
    for path, line, message in zip(warnings["path"], warnings["line"], warnings["message"]):
        where = f"{path}:{line}" if pd.notna(line) else path
        print(f"warning: {one_line(where)}: {one_line(message)}", file=sys.stderr)


def one_line(message: str) -> str:
    r"""`message` with line breaks and other control characters escaped.

    >>> print(one_line("two\nlines"))
    two\nlines
    """
    return CONTROL_CHARS.sub(lambda m: m.group().encode("unicode_escape").decode(), str(message))
