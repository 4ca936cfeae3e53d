"""Helpers for the robustness tests: a corpus of many short articles, and the command line as a subprocess."""
from __future__ import annotations

import os
import re
import subprocess
import sys
import time
from pathlib import Path

from tests.conftest import ROOT, SAMPLE


def sentences() -> list[str]:
    """Sentences of 8 to 22 words from the sample corpus's article paragraphs."""
    found = []
    for path in sorted(SAMPLE.glob("*.txt")):
        for para in re.split(r"\n\s*\n", path.read_text(encoding="utf-8")):
            for sentence in re.split(r"(?<=[.!?])\s+(?=[A-ZÀ-Ý«])", " ".join(para.split())):
                if 8 <= len(sentence.split()) <= 22 and sentence.endswith(".") and sentence not in found:
                    found.append(sentence)
    return found


def make_news_corpus(dest: Path, n: int) -> Path:
    """`n` distinct short articles as .txt files (real French sentences from the sample)."""
    dest.mkdir(parents=True, exist_ok=True)
    found = sentences()
    for i in range(n):
        text = f"Dépêche numéro {i}.\n\n{found[i % len(found)]}\n"
        (dest / f"article_{i:04d}.txt").write_text(text, encoding="utf-8")
    return dest


def cli(*args: str) -> list[str]:
    return [sys.executable, "-m", "corpus_tools", *args]


def environment(marker: str | None = None, **extra: str) -> dict:
    env = {**os.environ, "PYTHONPATH": str(ROOT), **extra}
    if marker:
        env["CORPUS_TOOLS_TEST_MARKER"] = marker
    return env


def start(*args: str, marker: str | None = None) -> subprocess.Popen:
    return subprocess.Popen(cli(*args), stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            env=environment(marker))


def run(*args: str, timeout: float = 600, env: dict | None = None) -> subprocess.CompletedProcess:
    """The command line as a user runs it; `env`: variables to set on top of ours."""
    return subprocess.run(cli(*args), capture_output=True, text=True, timeout=timeout,
                          env=environment(**(env or {})))


# Slow to import, and never needed by a build with nothing to do.
HEAVY_MODULES = ("torch", "stanza", "spacy", "papermill", "nbconvert", "jupyter_client", "matplotlib", "datasketch",
                 "scipy")


def run_listing_imports(*args: str, modules: tuple[str, ...] = HEAVY_MODULES
                        ) -> tuple[subprocess.CompletedProcess, list[str]]:
    """The command line in a subprocess, as `run`, and which of `modules` it had imported when it ended."""
    code = ("import sys\nfrom corpus_tools.cli import main\ncode = main(sys.argv[1:])\n"
            f"print('imported:', *sorted(m for m in {modules!r} if m in sys.modules))\nsys.exit(code)")
    proc = subprocess.run([sys.executable, "-c", code, *args], capture_output=True, text=True, timeout=600,
                          env=environment())
    last = proc.stdout.strip().splitlines()[-1] if proc.stdout.strip() else ""
    assert last.startswith("imported:"), (proc.stdout, proc.stderr)
    return proc, last.removeprefix("imported:").split()


def wait_for(condition, proc: subprocess.Popen | None = None, timeout: float = 300, step: float = 0.05) -> None:
    """Poll `condition` until true; fail if `proc` ends first or time runs out."""
    deadline = time.monotonic() + timeout
    while not condition():
        if proc is not None and proc.poll() is not None:
            out, err = proc.communicate()
            raise AssertionError(f"process ended (rc {proc.returncode}) before the condition: {err[-2000:]}")
        if time.monotonic() > deadline:
            raise AssertionError("timed out")
        time.sleep(step)


def marked_processes(marker: str) -> list[int]:
    """Live processes (not zombies) whose environment holds `marker`."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            if f"CORPUS_TOOLS_TEST_MARKER={marker}".encode() in (entry / "environ").read_bytes():
                state = (entry / "stat").read_text().rsplit(")", 1)[1].split()[0]
                if state != "Z":
                    found.append(int(entry.name))
        except OSError:
            continue
    return found
