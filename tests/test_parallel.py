"""Stop signals that arrive while native code loads are held, then handled once it has loaded."""
import os
import signal

import pytest

from corpus_tools.parallel import signals_held


class Stopped(Exception):
    pass


def test_a_stop_during_the_block_is_handled_right_after_it():
    def stop(signum, frame):
        raise Stopped(signum)

    previous = signal.signal(signal.SIGTERM, stop)
    loaded = []
    try:
        with pytest.raises(Stopped):
            with signals_held():
                os.kill(os.getpid(), signal.SIGTERM)
                loaded.append("the model")           # not cut short: the handler only noted the signal
        assert loaded == ["the model"]
        assert signal.getsignal(signal.SIGTERM) is stop   # the process's handler is back
    finally:
        signal.signal(signal.SIGTERM, previous)


def test_without_a_signal_nothing_happens():
    before = signal.getsignal(signal.SIGINT)
    with signals_held():
        pass
    assert signal.getsignal(signal.SIGINT) is before
