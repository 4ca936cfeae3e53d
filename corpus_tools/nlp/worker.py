"""NLP inside a worker: one model load per process, chunks of texts in, annotations out.

`annotate_chunk` is the task an executor (`corpus_tools.parallel`) runs: it
is a plain module-level function of picklable arguments, so it runs the same
way in this process, in a local worker process or on a Dask worker.
"""
from __future__ import annotations

import os
import sys
from typing import NamedTuple

from ..parallel import signals_held, worker_cached
from .backends import load_backend
from .base import DocAnnotation


class BackendSpec(NamedTuple):
    """Everything a worker needs to load the same backend as every other worker."""
    name: str
    models_dir: str | None = None
    device: str | None = None
    threads: int | None = None


class ChunkResult(NamedTuple):
    """What a worker sends back for one chunk."""
    annotations: list[DocAnnotation]
    info: dict            # the backend's `info` (recorded in the build manifest)
    torch_threads: int    # what the worker really used (0: torch not loaded)


def worker_backend(spec: BackendSpec):
    """This process's backend for `spec`, loaded on first use."""
    return worker_cached(repr(spec), lambda: load_backend(spec.name, spec.models_dir,
                                                          spec.device, spec.threads))


def annotate_chunk(texts: list[str], spec: BackendSpec) -> ChunkResult:
    """Annotate one chunk of texts with this process's backend (loaded on first use)."""
    backend = worker_backend(spec)
    annotations = backend.annotate(texts)
    return ChunkResult(annotations, backend.info, torch_threads())


def torch_threads() -> int:
    """The torch threads this process uses (0: torch not loaded)."""
    torch = sys.modules.get("torch")
    return torch.get_num_threads() if torch else 0


# Device files a GPU driver creates on Linux (NVIDIA, AMD ROCm, WSL2): without any, torch sees no GPU.
GPU_DEVICE_FILES = ("/dev/nvidiactl", "/dev/nvidia0", "/proc/driver/nvidia", "/dev/kfd", "/dev/dxg")


def cuda_available() -> bool:
    """Whether torch sees a GPU (torch imported with stop signals held: see `parallel.signals_held`).
    On Linux with no GPU driver the answer is no without importing torch, which takes seconds: a
    rebuild of a few articles pays that import in its workers only."""
    if sys.platform.startswith("linux") and not any(map(os.path.exists, GPU_DEVICE_FILES)):
        return False
    with signals_held():
        import torch
    return torch.cuda.is_available()
