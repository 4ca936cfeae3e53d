"""The exploration notebook runs from top to bottom on a build, as a researcher would start."""
from pathlib import Path

import papermill as pm

NOTEBOOK = Path(__file__).resolve().parents[2] / "notebooks" / "explore.ipynb"


def test_explore_notebook_runs_every_analysis_on_the_sample_build(sample_build, tmp_path):
    out = pm.execute_notebook(str(NOTEBOOK), str(tmp_path / "explore.ipynb"),
                              parameters={"build_dir": str(sample_build)}, progress_bar=False, kernel_name="python3",
                              cwd=str(tmp_path))
    code = [c for c in out.cells if c.cell_type == "code" and "parameters" not in c.metadata.get("tags", [])]
    assert all(c.outputs for c in code[1:])              # every analysis cell shows something
    shown = "".join(str(o.get("data", {}).get("text/html", "")) for c in code for o in c.outputs)
    assert "<table" in shown                             # DataFrames display as tables
