"""The papermill engine class of `engine` (papermill's entry point ``corpus_tools`` names it).

Imported only once papermill itself is loaded (`engine.register_engine`, or papermill loading
its entry points): it subclasses papermill's nbclient engine.
"""
from __future__ import annotations

from papermill.clientwrap import PapermillNotebookClient
from papermill.engines import NBClientEngine
from papermill.log import logger

from .engine import warm_kernel


class WarmKernelEngine(NBClientEngine):
    """papermill's nbclient engine, running every notebook in this process's warm kernel."""

    @classmethod
    def execute_managed_notebook(cls, nb_man, kernel_name, log_output=False, stdout_file=None, stderr_file=None,
                                 start_timeout=60, execution_timeout=None, **kwargs):
        """Run the notebook of `nb_man` in the warm kernel, after resetting its namespace."""
        kernel = warm_kernel(kernel_name, start_timeout)
        kernel.reset()
        client = PapermillNotebookClient(nb_man, km=kernel.km, timeout=execution_timeout, kernel_name=kernel_name,
                                         log=logger, log_output=log_output, stdout_file=stdout_file,
                                         stderr_file=stderr_file)
        client.kc = kernel.kc   # the client neither starts nor stops a kernel it does not own
        return client.execute()
