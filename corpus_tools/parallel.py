"""Executors: run independent tasks in this process, in local worker processes, or on a Dask cluster.

The build's annotation and the report pages are lists of independent tasks.
`make_executor` picks where they run -- serially here, in a pool of local
worker processes (the default), or on a Dask distributed cluster
(``scheduler="tcp://host:8786"``, or ``"local:N"`` to start a LocalCluster of
N workers).  Every executor returns results in submission order, so the
outputs never depend on where or how the tasks ran.

CPU threads are shared out so that torch threads x workers = cores: each
worker process gets ``OMP_NUM_THREADS``-style variables before torch is
imported and calls ``torch.set_num_threads`` (running 4 Stanza processes
each wanting every core is slower than 2; Stanza issue #552).  Worker
processes are started with ``spawn``: forking a process that already loaded
torch (OpenMP pools, CUDA) is unsafe.
"""
from __future__ import annotations

import logging
import multiprocessing
import os
import signal
import threading
from collections import deque
from contextlib import contextmanager
from concurrent.futures import ProcessPoolExecutor
from itertools import islice
from typing import Any, Callable, Iterable, Iterator, Protocol

THREAD_VARIABLES = ("OMP_NUM_THREADS", "MKL_NUM_THREADS", "OPENBLAS_NUM_THREADS")


class Executor(Protocol):
    """Where tasks run: each executor maps a function over items, results in order."""
    workers: int          # tasks that run at the same time
    threads: int          # torch threads each task should use
    where: str            # "serial", "processes" or "dask <address>", for messages

    def map(self, fn: Callable, items: Iterable, *args: Any) -> Iterator:
        """`fn(item, *args)` for each item, results in item order."""

    def close(self) -> None:
        """Release the workers."""


def cpu_count() -> int:
    """Cores this process may use (the affinity mask, not the machine's total)."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # macOS, Windows
        return os.cpu_count() or 1


def threads_per_worker(workers: int, threads: int | None = None) -> int:
    """`threads` if given, else the cores shared out evenly among `workers`."""
    return threads or max(1, cpu_count() // max(1, workers))


def set_threads(threads: int) -> None:
    """Limit this process's math libraries to `threads` threads.

    The environment variables only take effect when set before torch is
    imported (worker start-up); `torch.set_num_threads` works at any time.
    """
    for name in THREAD_VARIABLES:
        os.environ[name] = str(threads)
    import sys
    if "torch" in sys.modules:
        sys.modules["torch"].set_num_threads(threads)


@contextmanager
def signals_held() -> Iterator[None]:
    """Hold Ctrl-C and SIGTERM while native code loads (torch, Stanza's models), then act on them.

    A signal handler that raises inside a library's C++ code calling back into Python aborts the
    process ("terminate called after throwing an instance of 'pybind11::error_already_set'"):
    meanwhile the handlers only note the signal, and the one noted first is handled on leaving the
    block, in plain Python code.  Only the main thread handles signals; elsewhere this does nothing.
    """
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    noted: list[int] = []
    handlers = {signum: signal.getsignal(signum) for signum in (signal.SIGINT, signal.SIGTERM)}
    for signum in handlers:
        signal.signal(signum, lambda received, frame: noted.append(received))
    try:
        yield
    finally:
        for signum, handler in handlers.items():
            signal.signal(signum, handler)
        if noted:
            signal.raise_signal(noted[0])   # now delivered to the handler the process had


def _ordered(submit: Callable[[Any], Any], items: Iterable, window: int) -> Iterator:
    """Results of `submit(item)` futures in item order, with at most `window` in flight.

    The window bounds memory: results wait in order, inputs are read lazily.
    """
    items = iter(items)
    pending = deque(submit(item) for item in islice(items, window))
    while pending:
        result = pending.popleft().result()
        pending.extend(submit(item) for item in islice(items, 1))
        yield result


class SerialExecutor:
    """Run every task here, one after the other (small jobs, debugging)."""
    where = "serial"

    def __init__(self, threads: int | None = None):
        self.workers = 1
        self.threads = threads_per_worker(1, threads)

    def map(self, fn: Callable, items: Iterable, *args: Any) -> Iterator:
        """`fn(item, *args)` for each item, here, one after the other."""
        return (fn(item, *args) for item in items)

    def close(self) -> None:
        """Nothing to release."""
        pass


def _init_worker(threads: int) -> None:
    set_threads(threads)
    _exit_with_parent()


def _exit_with_parent(poll_seconds: float = 0.5) -> None:
    """End this worker as soon as the build that started it is gone (e.g. killed with -9).

    A pool worker only notices its parent's death when it next reads from the task queue,
    which can be minutes away in the middle of a chunk: meanwhile it burns a core and
    holds the dead build's stdout/stderr open.
    """
    import time

    parent = os.getppid()

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(poll_seconds)
        os._exit(1)

    threading.Thread(target=watch, name="exit-with-parent", daemon=True).start()


class ProcessExecutor:
    """A pool of local worker processes (spawned), each limited to its share of the cores."""
    where = "processes"

    def __init__(self, workers: int, threads: int | None = None):
        self.workers = workers
        self.threads = threads_per_worker(workers, threads)
        self._pool = ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("spawn"),
                                         initializer=_init_worker, initargs=(self.threads,))

    def map(self, fn: Callable, items: Iterable, *args: Any) -> Iterator:
        """`fn(item, *args)` for each item in the worker processes, results in item order."""
        return _ordered(lambda item: self._pool.submit(fn, item, *args), items, 2 * self.workers)

    def close(self) -> None:
        """Stop the workers (pending tasks are cancelled) without waiting for them to exit: freeing
        their models takes a second or more, which the build's next steps need not wait for."""
        self._pool.shutdown(wait=False, cancel_futures=True)


class DaskExecutor:
    """Tasks on a Dask distributed cluster: an existing scheduler, or ``local:N`` for a LocalCluster.

    Annotation tasks ship texts and return annotations, so workers need only
    corpus_tools and the models; report pages read the build folder, so for
    reports the workers must see the same file system as this machine.
    """

    def __init__(self, address: str, threads: int | None = None):
        from distributed import Client, LocalCluster
        self._cluster = None
        if address.startswith("local:") or address == "local":
            n = int(address.partition(":")[2] or cpu_count())
            per_worker = threads_per_worker(n, threads)
            self._cluster = LocalCluster(n_workers=n, threads_per_worker=1, processes=True,
                                         dashboard_address=None, silence_logs=logging.ERROR,
                                         env={name: str(per_worker) for name in THREAD_VARIABLES})
            self._client = Client(self._cluster)
        else:
            self._client = Client(address)
        info = self._client.scheduler_info(n_workers=-1) if _takes_n_workers(self._client) \
            else self._client.scheduler_info()
        workers = info.get("workers", {})
        if not workers:
            self.close()
            raise RuntimeError(f"the Dask scheduler at {address} has no workers")
        self.workers = sum(w.get("nthreads", 1) for w in workers.values())
        hosts: dict[str, int] = {}
        for w in workers.values():
            hosts[w.get("host", "")] = hosts.get(w.get("host", ""), 0) + w.get("nthreads", 1)
        # Torch threads per task: the explicit setting, else each host's cores shared by its task slots.
        self.threads = threads or 0  # 0: let `worker_threads` decide on the worker
        self._slots_per_host = hosts
        self.where = f"dask {self._client.scheduler.address}"

    def map(self, fn: Callable, items: Iterable, *args: Any) -> Iterator:
        """`fn(item, *args)` for each item on the cluster, results in item order."""
        def submit(item):
            # pure=False: a task re-runs when asked, never served from another run's result.
            return self._client.submit(_on_dask_worker, fn, self.threads, self._slots_per_host,
                                       item, *args, pure=False)
        return _ordered(submit, items, 2 * self.workers)

    def close(self) -> None:
        """Close the client, and the local cluster if this executor started one."""
        self._client.close()
        if self._cluster is not None:
            self._cluster.close()


def _takes_n_workers(client) -> bool:
    import inspect
    return "n_workers" in inspect.signature(client.scheduler_info).parameters


def _on_dask_worker(fn: Callable, threads: int, slots_per_host: dict[str, int], item: Any, *args: Any):
    """Run `fn` on a Dask worker after sharing that host's cores among its task slots."""
    if not threads:
        from distributed import get_worker
        host = get_worker().address.split("://")[-1].rsplit(":", 1)[0]
        threads = max(1, cpu_count() // max(1, slots_per_host.get(host, 1)))
    set_threads(threads)
    return fn(item, *args)


def make_executor(workers: int | None = None, scheduler: str | None = None,
                  threads: int | None = None, tasks: int | None = None) -> Executor:
    """Where `tasks` tasks should run.

    `scheduler` (a Dask address or ``local:N``) wins; otherwise `workers`
    local processes (default: one per core), or this process alone when
    there is only one worker or one task (starting workers costs more than
    it saves).
    """
    if scheduler:
        return DaskExecutor(scheduler, threads)
    n = workers if workers is not None else cpu_count()
    if tasks is not None:
        n = min(n, tasks)
    if n <= 1:
        return SerialExecutor(threads)
    return ProcessExecutor(n, threads)


_WORKER_STATE: dict[str, Any] = {}


def worker_cached(key: str, factory: Callable[[], Any]) -> Any:
    """`factory()` made once per process and kept (one model load per worker)."""
    if _WORKER_STATE.get("key") != key:
        _WORKER_STATE.clear()  # one model at a time: a new one replaces the old
        with signals_held():   # a model half-loaded when a stop comes would abort the process
            _WORKER_STATE["value"] = factory()
        _WORKER_STATE["key"] = key
    return _WORKER_STATE["value"]
