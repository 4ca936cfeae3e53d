from pathlib import Path

from corpus_tools.schema import markdown

ROOT = Path(__file__).resolve().parents[1]


def test_data_contract_doc_is_current():
    """docs/data_contract.md is regenerated whenever schema.py changes."""
    assert (ROOT / "docs" / "data_contract.md").read_text(encoding="utf-8") == markdown(), \
        "run: python -m corpus_tools.schema > docs/data_contract.md"


def test_readme_names_the_commands_ci_runs():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert "make setup && make reports" in readme and "make test" in readme and "make test" in ci
