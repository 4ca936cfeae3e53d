"""The package's structure holds: a top level of a few modules beside the stage and storage packages,
no import circle (function-level imports included), no module shadowed by a function of its package."""
import ast
import importlib
import pkgutil
import types
from pathlib import Path

import corpus_tools

PACKAGE = Path(corpus_tools.__file__).parent
STAGES = {"text", "nlp", "actors", "analysis", "reports", "storage"}


def module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imports_of(path: Path, known: set[str]) -> set[str]:
    """The package's modules that `path` imports, anywhere in it (function-level imports too)."""
    name = module_name(path)
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[:len(package.split(".")) - node.level + 1]
                base = ".".join([*anchor, *([base] if base else [])])
            found |= {f"{base}.{alias.name}" if f"{base}.{alias.name}" in known else base for alias in node.names}
    return {m for m in found if m in known and m != name}


def import_graph() -> dict[str, set[str]]:
    paths = [p for p in PACKAGE.rglob("*.py") if "__pycache__" not in p.parts]
    known = {module_name(p) for p in paths}
    return {module_name(p): imports_of(p, known) for p in paths}


def circles(graph: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected components of more than one module (Tarjan)."""
    index, low, stack, on_stack, out = {}, {}, [], set(), []

    def visit(v):
        index[v] = low[v] = len(index)
        stack.append(v)
        on_stack.add(v)
        for w in graph[v]:
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            component = []
            while True:
                w = stack.pop()
                on_stack.discard(w)
                component.append(w)
                if w == v:
                    break
            if len(component) > 1:
                out.append(sorted(component))

    for v in sorted(graph):
        if v not in index:
            visit(v)
    return out


def test_no_import_circle_even_through_function_level_imports():
    graph = import_graph()
    assert "corpus_tools.pipeline" in graph and graph["corpus_tools.pipeline"]   # the graph was read
    assert circles(graph) == []


def test_the_top_level_is_a_map_of_few_modules():
    modules = sorted(p.name for p in PACKAGE.glob("*.py"))
    packages = {p.name for p in PACKAGE.iterdir() if (p / "__init__.py").is_file()}
    assert len(modules) <= 10, modules
    assert packages == STAGES


def test_no_module_is_shadowed_by_a_function_of_its_package():
    shadowed = []
    packages = ["corpus_tools"] + [m.name for m in pkgutil.walk_packages(corpus_tools.__path__, "corpus_tools.")
                                   if m.ispkg]
    for name in packages:
        package = importlib.import_module(name)
        for sub in pkgutil.iter_modules(package.__path__):
            value = getattr(package, sub.name, None)
            if value is not None and not isinstance(value, types.ModuleType):
                shadowed.append(f"{name}.{sub.name}")
    assert shadowed == []
