"""One warm kernel per process, page after page: started on first use, its user namespace reset
between pages, restarted when the package's code changed since it started, shut down when the
process exits.

Starting a kernel costs over a second (nbconvert #741) and papermill has no kernel reuse built in;
`papermill_engine` runs papermill's notebooks in this kernel.  A page sees only its own variables
while imported modules (and the tables a page loads through `notebook.shared_corpus`) stay in memory.
"""
from __future__ import annotations

import atexit
import os
import shutil
import tempfile
from pathlib import Path

from .._version import code_digest

# The kernel's own log is noise to a reader (e.g. "KeyboardInterrupt caught in kernel" when
# jupyter_client interrupts it on shutdown); cell errors still reach us through papermill.
KERNEL_ARGUMENTS = ["--IPKernelApp.log_level=CRITICAL"]
# The previous page's variables go; imported modules (and what they keep, such as the shared corpus)
# stay.  Not `%reset -f`: it also runs the garbage collector over every object the kernel holds,
# which costs seconds once a corpus's tables are in memory.
RESET = """_ip, _name = get_ipython(), None
for _name in [n for n in _ip.user_ns if n not in _ip.user_ns_hidden and not n.startswith("_")]:
    del _ip.user_ns[_name]
import sys as _sys
if "matplotlib.pyplot" in _sys.modules:
    _sys.modules["matplotlib.pyplot"].close("all")
del _ip, _name, _sys
"""


FOLDER_PREFIX = "corpus-tools-kernel-"   # then the owner's pid: see `remove_orphaned_folders`


def remove_orphaned_folders() -> int:
    """Delete the kernel folders of processes that are gone; returns how many went.  A run killed
    outright (kill -9) cannot remove its own, and they would pile up in the temporary folder."""
    n = 0
    for folder in Path(tempfile.gettempdir()).glob(f"{FOLDER_PREFIX}*-*"):
        pid = folder.name[len(FOLDER_PREFIX):].split("-", 1)[0]
        if pid.isdigit() and not alive(int(pid)):
            shutil.rmtree(folder, ignore_errors=True)
            n += 1
    return n


def alive(pid: int) -> bool:
    """Whether process `pid` exists (another user's included)."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


class WarmKernel:
    """One kernel of this process: its manager, its client, its private folder."""

    def __init__(self, kernel_name: str, start_timeout: float):
        from jupyter_client.manager import KernelManager
        self.folder = Path(tempfile.mkdtemp(prefix=f"{FOLDER_PREFIX}{os.getpid()}-"))
        self.kernel_name, self.code = kernel_name, code_digest()
        # Unix sockets in a private folder: no TCP port to race for when pages render in parallel.
        self.km = KernelManager(kernel_name=kernel_name, transport="ipc", ip=str(self.folder / "kernel"))
        self.km.start_kernel(extra_arguments=KERNEL_ARGUMENTS, cwd=str(self.folder), env=kernel_environment())
        self.kc = self.km.client()
        self.kc.start_channels()
        self.kc.wait_for_ready(timeout=start_timeout)

    def reset(self) -> None:
        """Forget the previous page's variables and figures (imported modules stay)."""
        reply = self.kc.execute_interactive(RESET, silent=True, store_history=False, timeout=60,
                                            output_hook=lambda msg: None)
        if reply["content"]["status"] != "ok":
            raise RuntimeError(f"could not reset the report kernel: {reply['content'].get('evalue')}")

    def usable(self, kernel_name: str) -> bool:
        """Whether this kernel can run the next page (alive, same kernel, same package code)."""
        return self.km.is_alive() and kernel_name == self.kernel_name and code_digest() == self.code

    def shutdown(self) -> None:
        """Stop the kernel and remove its folder."""
        try:
            self.kc.stop_channels()
            self.km.shutdown_kernel(now=True)
        finally:
            shutil.rmtree(self.folder, ignore_errors=True)


def kernel_environment() -> dict[str, str]:
    """This process's environment for the kernel, with a fixed hash seed -- set and dict orders (and so
    graph layouts and tie orders in figures) are the same on every run, so a page drawn from unchanged
    inputs is byte-identical -- and this very corpus_tools first on the path: pages run the code of
    the build that renders them, even beside another install."""
    package_root = str(Path(__file__).resolve().parents[2])
    path = os.pathsep.join(p for p in (package_root, os.environ.get("PYTHONPATH", "")) if p)
    return {**os.environ, "PYTHONHASHSEED": "0", "PYTHONPATH": path}


_WARM: dict[str, WarmKernel] = {}


def warm_kernel(kernel_name: str, start_timeout: float = 60) -> WarmKernel:
    """This process's kernel, started on first use (or again when it cannot serve)."""
    kernel = _WARM.get("kernel")
    if kernel is not None and not kernel.usable(kernel_name):
        kernel.shutdown()
        kernel = None
    if kernel is None:
        kernel = _WARM["kernel"] = WarmKernel(kernel_name, start_timeout)
    return kernel


@atexit.register
def shutdown_warm_kernel() -> None:
    """Stop this process's kernel, if it started one."""
    kernel = _WARM.pop("kernel", None)
    if kernel is not None:
        kernel.shutdown()
