"""Stop requests: Ctrl-C or SIGTERM recorded by the command line's handler and acted on at the
build's next safe point (`checkpoint`) -- between stages, between chunks of annotation, assembly
and analysis, between articles read and report pages written -- never inside a library's native
code, where an exception raised by a handler aborts the process.  A second signal stops at once
(unwinding from wherever the program is, as Python's own Ctrl-C does).

Without `hold_until_safe_point` (a notebook calling `build()`), signals keep Python's behaviour and
`checkpoint` does nothing.
"""
from __future__ import annotations

import signal
import sys

EXIT_INTERRUPTED, EXIT_TERMINATED = 130, 143
EXIT_CODES = {signal.SIGINT: EXIT_INTERRUPTED, signal.SIGTERM: EXIT_TERMINATED}

requested: list[int] = []        # the signals received, first first


class Interrupted(KeyboardInterrupt):
    """Ctrl-C or SIGTERM: stop, keeping every finished piece of work."""

    def __init__(self, code: int = EXIT_INTERRUPTED):
        super().__init__()
        self.code = code


def hold_until_safe_point() -> None:
    """Have Ctrl-C and SIGTERM recorded, the build stopping at its next `checkpoint`."""
    requested.clear()
    for signum in EXIT_CODES:
        signal.signal(signum, record)


def stop_now(signum, frame) -> None:
    """A handler that stops at once: SIGTERM unwinds like Ctrl-C (commands without safe points)."""
    raise Interrupted(EXIT_CODES.get(signum, EXIT_INTERRUPTED))


def record(signum, frame) -> None:
    """The handler: note the first request and say so; a second one stops at once."""
    if requested:
        raise Interrupted(EXIT_CODES[requested[0]])
    requested.append(signum)
    print("corpus-tools: stopping at the next safe point (a second Ctrl-C stops at once)", file=sys.stderr)


def checkpoint() -> None:
    """A safe point: stop here if a stop was requested."""
    if requested:
        raise Interrupted(EXIT_CODES[requested[0]])
