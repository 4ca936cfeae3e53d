"""The sample build's reports, rendered once for every report test (default page rules)."""
from __future__ import annotations

from pathlib import Path

import pytest

from corpus_tools.reports import render_reports


@pytest.fixture(scope="session")
def sample_reports(sample_build, tmp_path_factory):
    """(reports folder, RenderResult) of the sample build with the default page rules."""
    folder = tmp_path_factory.mktemp("sample-reports") / "reports"
    result = render_reports(sample_build, folder, progress=False)
    return Path(folder).resolve(), result
