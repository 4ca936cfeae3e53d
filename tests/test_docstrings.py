"""The examples in the package's docstrings run and give what they show; every public name has one."""
import ast
import doctest
import importlib
import pkgutil
from pathlib import Path

import pytest

import corpus_tools

MODULES = sorted(m.name for m in pkgutil.walk_packages(corpus_tools.__path__, "corpus_tools.")
                 if not m.name.endswith("__main__"))


@pytest.mark.parametrize("name", MODULES)
def test_docstring_examples(name):
    module = importlib.import_module(name)
    result = doctest.testmod(module, optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE)
    assert result.failed == 0, f"{result.failed} of {result.attempted} examples failed in {name}"


def public_definitions_without_docstring(root: Path) -> list[str]:
    """`file:line name` of every public class, function and method under `root` without a docstring."""
    missing = []
    for path in sorted(root.rglob("*.py")):
        def visit(node, prefix=""):
            for child in ast.iter_child_nodes(node):
                if isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
                    if child.name.startswith("_"):
                        continue
                    if not ast.get_docstring(child):
                        missing.append(f"{path.relative_to(root.parent)}:{child.lineno} {prefix}{child.name}")
                    if isinstance(child, ast.ClassDef):
                        visit(child, f"{child.name}.")
        visit(ast.parse(path.read_text(encoding="utf-8")))
    return missing


def test_every_public_function_says_what_it_does():
    assert public_definitions_without_docstring(Path(corpus_tools.__file__).parent) == []
