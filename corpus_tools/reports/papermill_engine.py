"""A papermill engine that runs page after page in this process's warm kernel (`kernel`).

Papermill's maintainers point to a custom engine for kernel reuse (papermill #326, #616): this is
that engine, registered under the name `ENGINE` by `register_engine` and through the
``papermill.engine`` entry point.  Each page still runs as a papermill notebook -- parameters
injected, cells executed in order, errors raised as papermill raises them.

Papermill loads its entry points -- this module's `WarmKernelEngine` among them -- while it is
itself being imported, so this module imports no papermill at its top: the engine class is made
on first use (`engine_class`), when papermill's own engine classes exist, whichever module was
imported first.
"""
from __future__ import annotations

from .kernel import warm_kernel

ENGINE = "corpus_tools"


def engine_class() -> type:
    """papermill's nbclient engine, running every notebook in this process's warm kernel."""
    from papermill.clientwrap import PapermillNotebookClient
    from papermill.engines import NBClientEngine
    from papermill.log import logger

    class WarmKernelEngine(NBClientEngine):
        """papermill's nbclient engine, running every notebook in this process's warm kernel."""

        @classmethod
        def execute_managed_notebook(cls, nb_man, kernel_name, log_output=False, stdout_file=None,
                                     stderr_file=None, start_timeout=60, execution_timeout=None, **kwargs):
            """Run the notebook of `nb_man` in the warm kernel, after resetting its namespace."""
            kernel = warm_kernel(kernel_name, start_timeout)
            kernel.reset()
            client = PapermillNotebookClient(nb_man, km=kernel.km, timeout=execution_timeout,
                                             kernel_name=kernel_name, log=logger, log_output=log_output,
                                             stdout_file=stdout_file, stderr_file=stderr_file)
            client.kc = kernel.kc   # the client neither starts nor stops a kernel it does not own
            return client.execute()

    return WarmKernelEngine


def __getattr__(name: str):
    if name == "WarmKernelEngine":   # the entry point's target, made once
        engine = globals()["WarmKernelEngine"] = engine_class()
        return engine
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def register_engine() -> None:
    """Make the engine available to papermill under `ENGINE` (a plain install without the entry point too)."""
    from papermill.engines import papermill_engines
    papermill_engines.register(ENGINE, __getattr__("WarmKernelEngine"))
