"""The shape of the code: stage order, no import cycles, size limits, local imports.

Reads every module under ``src/allegiance`` with :mod:`ast` (nothing is
imported) and checks the house rules of DESIGN.md and RULES.md:

* stages import only earlier stages, never in a circle (DESIGN's order:
  model/errors -> ingest -> nlp -> actors -> relations -> store -> network ->
  balance -> io -> report/web -> cli);
* no module over 600 lines, no function over 80 lines;
* a function-local import only for an optional dependency, commented on its
  line or the line above.

The offences that remain are listed in the allow-lists below, each by name
(the local imports left are the CLI's lazy loading of heavy stages and three
of the runner's, each with its reason). A list can only shrink: a new offender
fails the test, and so does an entry that is no longer an offence (delete it
from the list).
"""

from __future__ import annotations

import ast
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[1] / "src"
PACKAGE = "allegiance"
MAX_MODULE_LINES = 600
MAX_FUNCTION_LINES = 80

# Stage order of DESIGN.md; a module may import modules of its own stage or an earlier one.
# Placement of the modules that are no stage of their own:
# * ``allegiance`` (the package's __init__, only its version) sits with model/errors;
# * ``allegiance.pipeline`` and ``allegiance.distributed`` (and a future ``allegiance.run``) are
#   orchestration that reads, extracts and stores: above store, below network (DESIGN: "above store");
# * ``allegiance.demo`` runs the whole pipeline and writes the report: above report/web, below cli;
# * ``allegiance.__main__`` runs the CLI: with cli.
STAGES: dict[str, int] = {
    "allegiance": 0,
    "allegiance.model": 0,
    "allegiance.errors": 0,
    "allegiance.ingest": 1,
    "allegiance.nlp": 2,
    "allegiance.actors": 3,
    "allegiance.relations": 4,
    "allegiance.store": 5,
    "allegiance.pipeline": 6,
    "allegiance.distributed": 6,
    "allegiance.run": 6,
    "allegiance.network": 7,
    "allegiance.balance": 8,
    "allegiance.io": 9,
    "allegiance.report": 10,
    "allegiance.web": 10,
    "allegiance.demo": 11,
    "allegiance.cli": 12,
    "allegiance.__main__": 12,
}

# Optional dependencies: the only packages a function may import locally (with a comment saying why).
OPTIONAL_DEPENDENCIES = frozenset({"dask", "distributed", "onnx", "psycopg", "psycopg_pool", "selenium"})

# ---------------------------------------------------------------------------------------------
# Allow-lists of the offences that remain (2026-12-02, main at 6aab842 plus branch `imports`). They may
# only shrink: an entry is deleted when the change that removes it merges; the test fails on a stale entry.
# ---------------------------------------------------------------------------------------------

#: import cycles, each as the sorted modules of one strongly connected component
ALLOWED_CYCLES: set[tuple[str, ...]] = set()

#: imports from a later stage into an earlier one: (importer, imported)
ALLOWED_BACKWARD_IMPORTS: set[tuple[str, str]] = set()

#: modules over MAX_MODULE_LINES lines (path under src/)
ALLOWED_LONG_MODULES: set[str] = set()

#: functions over MAX_FUNCTION_LINES lines: "path::qualified.name"
ALLOWED_LONG_FUNCTIONS: set[str] = set()

#: function-local imports that are no commented optional dependency: "module::function -> imported".
#: What is left is deliberate. The CLI's commands import the heavy stages (spaCy-loading relations and
#: actors, pandas/scipy/highspy-loading io, network, balance, report, web) when the command runs, not at
#: start-up: each costs 0.5-1.2 s on every command, ``allegiance --help`` included (measured with
#: ``python -X importtime -m allegiance --help`` and per-module import times after ``import allegiance.cli``).
#: Required third-party dependencies (highspy, scipy, pandas, trafilatura, charset_normalizer) are
#: imported at module level everywhere.
ALLOWED_LOCAL_IMPORTS: set[str] = {
    # lazy: CLI start-up
    'allegiance.cli.actors::actors -> allegiance.actors',
    'allegiance.cli.balance::_default_window -> allegiance.network.windows',
    'allegiance.cli.balance::_graph_from_store -> allegiance.network',
    'allegiance.cli.balance::_read_edges -> allegiance.io.edgelist',
    'allegiance.cli.balance::_series -> allegiance.io.edgelist',
    'allegiance.cli.balance::_series -> allegiance.network',
    'allegiance.cli.balance::_series_results -> allegiance.balance',
    'allegiance.cli.balance::_series_results -> allegiance.balance.temporal',
    'allegiance.cli.balance::balance -> allegiance.balance',
    'allegiance.cli.corpus::_load_reporting_unreadable -> allegiance.relations.corpus',
    'allegiance.cli.corpus::_reserved -> allegiance.relations.reserved',
    'allegiance.cli.corpus::agreement_command -> allegiance.relations.agreement',
    'allegiance.cli.corpus::disagreements_command -> allegiance.relations.agreement',
    'allegiance.cli.corpus::disagreements_command -> allegiance.relations.corpus',
    'allegiance.cli.corpus::draft -> allegiance.relations.corpus',
    'allegiance.cli.corpus::draft -> allegiance.relations.corpus_draft',
    'allegiance.cli.corpus::draft -> allegiance.relations.pipeline',
    'allegiance.cli.corpus::find_actor_command -> allegiance.relations.corpus_draft',
    'allegiance.cli.corpus::manifest -> allegiance.relations.corpus_manifest',
    'allegiance.cli.corpus::stats -> allegiance.relations.agreement',
    'allegiance.cli.corpus::stats -> allegiance.relations.corpus',
    'allegiance.cli.corpus::todo -> allegiance.relations.corpus',
    'allegiance.cli.corpus::validate -> allegiance.relations.corpus_validate',
    'allegiance.cli.corpus::todo -> allegiance.relations.corpus_draft',
    'allegiance.cli.corpus::validate -> allegiance.relations.corpus',
    'allegiance.cli.demo::demo -> allegiance.demo.run',
    'allegiance.cli.evaluate::_evaluate_corpus -> allegiance.relations.corpus_eval',
    'allegiance.cli.evaluate::evaluate -> allegiance.relations.evaluate',
    'allegiance.cli.export::export -> allegiance.io',
    'allegiance.cli.report::report -> allegiance.report',
    'allegiance.cli.serve::serve -> allegiance.web',
    'allegiance.cli.train::_calibrate -> allegiance.relations.model.relation_confidence',
    'allegiance.cli.train::fit_direction -> allegiance.relations.model.direction_train',
    'allegiance.cli.train::_trainer -> allegiance.relations.model.train',
    'allegiance.cli.train::_trainer -> allegiance.relations.model.transformer_component',
    # the transformer family's training imports torch and transformers (the train extra): only when asked for
    'allegiance.cli.train::_trainer -> allegiance.relations.model.transformer_train',
    # runner: the parent of N worker processes starts them before importing spaCy (measured: importing it
    # first, serially, made a 2-worker extract of the demo corpus ~35% slower)
    'allegiance.run.executor::worker_side -> allegiance.run.worker',
    # runner: PipelineOptions stays spaCy-free (the CLI imports it at start-up); building loads relations
    'allegiance.run.options::PipelineOptions.build -> allegiance.relations',
    # runner: the package's ingest names are imported on first use, so that a worker unpickling a task of
    # allegiance.run.worker does not import the store (measured: ~0.5 s of every worker's start-up)
    'allegiance.run::__getattr__ -> allegiance.run.ingest',
    # runner: only Dask ingest tasks write to the store; extract's workers must not import it (seconds)
    'allegiance.run.worker::extract_and_store -> allegiance.store',
}


@dataclass(frozen=True)
class Import:
    """One import statement's target, as read from the source."""

    importer: str  # module name
    imported: str  # module name (a ``from X import name`` of a submodule gives X.name)
    line: int
    function: str | None  # qualified name of the enclosing function, None at module level
    commented: bool  # a comment on the import's line or the line above


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(SRC).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


@lru_cache(maxsize=1)
def _modules() -> dict[str, Path]:
    return {_module_name(path): path for path in sorted((SRC / PACKAGE).rglob("*.py"))}


def _is_type_checking(node: ast.If) -> bool:
    test = node.test
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING")


def _resolve(module: str, is_package: bool, node: ast.ImportFrom) -> str:
    if not node.level:
        return node.module or ""
    base = module.split(".") if is_package else module.split(".")[:-1]
    base = base[: len(base) - (node.level - 1)]
    return ".".join(base + ([node.module] if node.module else []))


class _ImportReader(ast.NodeVisitor):
    """Collect imports with their enclosing function; skip ``if TYPE_CHECKING:`` blocks (never run)."""

    def __init__(self, module: str, path: Path, lines: list[str]):
        self.module, self.lines = module, lines
        self.is_package = path.name == "__init__.py"
        self.scope: list[str] = []
        self.functions: list[str] = []
        self.found: list[Import] = []

    def _commented(self, line: int) -> bool:
        here = self.lines[line - 1]
        above = self.lines[line - 2].strip() if line >= 2 else ""
        return "#" in here or above.startswith("#")

    def _add(self, name: str, node: ast.stmt) -> None:
        function = ".".join(self.scope) if self.functions else None
        self.found.append(Import(self.module, name, node.lineno, function, self._commented(node.lineno)))

    def visit_If(self, node: ast.If) -> None:
        if _is_type_checking(node):
            for child in node.orelse:
                self.visit(child)
            return
        self.generic_visit(node)

    def visit_ClassDef(self, node: ast.ClassDef) -> None:
        self.scope.append(node.name)
        self.generic_visit(node)
        self.scope.pop()

    def visit_FunctionDef(self, node: ast.FunctionDef | ast.AsyncFunctionDef) -> None:
        self.scope.append(node.name)
        self.functions.append(node.name)
        self.generic_visit(node)
        self.functions.pop()
        self.scope.pop()

    visit_AsyncFunctionDef = visit_FunctionDef

    def visit_Import(self, node: ast.Import) -> None:
        for alias in node.names:
            self._add(alias.name, node)

    def visit_ImportFrom(self, node: ast.ImportFrom) -> None:
        base = _resolve(self.module, self.is_package, node)
        # ``from X import name``: the module X, or X.name when that is a submodule
        targets = {f"{base}.{a.name}" if f"{base}.{a.name}" in _modules() else base for a in node.names}
        for target in sorted(targets):
            self._add(target, node)


@lru_cache(maxsize=1)
def _imports() -> tuple[Import, ...]:
    found: list[Import] = []
    for module, path in _modules().items():
        text = path.read_text(encoding="utf-8")
        reader = _ImportReader(module, path, text.splitlines())
        reader.visit(ast.parse(text, filename=str(path)))
        found.extend(reader.found)
    return tuple(found)


def _internal(imp: Import) -> bool:
    return imp.imported in _modules()


def stage_of(module: str) -> int:
    """The stage rank of ``module`` (its longest prefix in :data:`STAGES`)."""
    parts = module.split(".")
    for k in range(len(parts), 0, -1):
        if ".".join(parts[:k]) in STAGES:
            return STAGES[".".join(parts[:k])]
    raise AssertionError(f"{module} has no stage: place it in STAGES")


def import_cycles() -> set[tuple[str, ...]]:
    """Strongly connected components (of more than one module, or a module importing itself)."""
    graph: dict[str, set[str]] = {module: set() for module in _modules()}
    for imp in _imports():
        if _internal(imp):
            graph[imp.importer].add(imp.imported)
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    cycles: set[tuple[str, ...]] = set()

    def connect(node: str) -> None:  # Tarjan; the graph is a few hundred modules deep at most
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for nxt in graph[node]:
            if nxt not in index:
                connect(nxt)
                low[node] = min(low[node], low[nxt])
            elif nxt in on_stack:
                low[node] = min(low[node], index[nxt])
        if low[node] == index[node]:
            component = []
            while True:
                top = stack.pop()
                on_stack.discard(top)
                component.append(top)
                if top == node:
                    break
            if len(component) > 1 or node in graph[node]:
                cycles.add(tuple(sorted(component)))

    for node in sorted(graph):
        if node not in index:
            connect(node)
    return cycles


def backward_imports() -> set[tuple[str, str]]:
    """``(importer, imported)`` where the imported module belongs to a later stage."""
    return {(imp.importer, imp.imported) for imp in _imports()
            if _internal(imp) and stage_of(imp.imported) > stage_of(imp.importer)}


def long_modules() -> set[str]:
    return {str(path.relative_to(SRC)) for path in _modules().values()
            if len(path.read_text(encoding="utf-8").splitlines()) > MAX_MODULE_LINES}


def long_functions() -> set[str]:
    found = set()
    for path in _modules().values():
        tree = ast.parse(path.read_text(encoding="utf-8"))

        def walk(node: ast.AST, scope: tuple[str, ...]) -> None:
            for child in ast.iter_child_nodes(node):
                if isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
                    inner = scope + (child.name,)
                    if not isinstance(child, ast.ClassDef):
                        first = min([child.lineno] + [d.lineno for d in child.decorator_list])
                        if child.end_lineno - first + 1 > MAX_FUNCTION_LINES:
                            found.add(f"{path.relative_to(SRC)}::{'.'.join(inner)}")
                    walk(child, inner)
                else:
                    walk(child, scope)

        walk(tree, ())
    return found


def _top_package(name: str) -> str:
    return name.split(".")[0]


def unexplained_local_imports() -> set[str]:
    """Function-local imports other than a commented optional dependency."""
    return {f"{imp.importer}::{imp.function} -> {imp.imported}" for imp in _imports()
            if imp.function is not None
            and not (_top_package(imp.imported) in OPTIONAL_DEPENDENCIES and imp.commented)}


def _check(found: set, allowed: set, what: str, fix: str) -> None:
    new = sorted(found - allowed)
    gone = sorted(allowed - found)
    message = []
    if new:
        message.append(f"new {what} ({fix}):\n  " + "\n  ".join(map(str, new)))
    if gone:
        message.append(f"allow-listed {what} no longer found; delete them from the allow-list "
                       f"(it may only shrink):\n  " + "\n  ".join(map(str, gone)))
    assert not message, "\n".join(message)


def test_every_module_has_a_stage():
    for module in _modules():
        stage_of(module)


def test_no_import_cycle():
    _check(import_cycles(), ALLOWED_CYCLES, "import cycles",
           "break the circle: move the shared piece down to the earlier module")


def test_stages_import_only_earlier_stages():
    _check(backward_imports(), ALLOWED_BACKWARD_IMPORTS, "imports from a later stage",
           "DESIGN.md's order: a stage imports only earlier stages, model and errors")


def test_module_size():
    _check(long_modules(), ALLOWED_LONG_MODULES, f"modules over {MAX_MODULE_LINES} lines",
           "split the module by what its parts compute")


def test_function_size():
    _check(long_functions(), ALLOWED_LONG_FUNCTIONS, f"functions over {MAX_FUNCTION_LINES} lines",
           "split the function")


def test_local_imports_only_for_commented_optional_dependencies():
    _check(unexplained_local_imports(), ALLOWED_LOCAL_IMPORTS, "function-local imports",
           "import at module level, or, for an optional dependency "
           f"({', '.join(sorted(OPTIONAL_DEPENDENCIES))}), say why in a comment on the line or above")


@pytest.mark.parametrize("source, expected", [
    ("def f():\n    from allegiance.model import Document\n", {"allegiance.x::f -> allegiance.model"}),
    ("def f():\n    import distributed  # optional: only with --dask\n", set()),
    ("def f():\n    # optional: only with --dask\n    import distributed\n", set()),
    ("def f():\n    import distributed\n", {"allegiance.x::f -> distributed"}),
    ("from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    from spacy import Language\n", set()),
    ("class C:\n    def m(self):\n        import json\n", {"allegiance.x::C.m -> json"}),
])
def test_the_local_import_reader(source, expected):
    lines = source.splitlines()
    reader = _ImportReader("allegiance.x", Path("x.py"), lines)
    reader.visit(ast.parse(source))
    found = {f"{i.importer}::{i.function} -> {i.imported}" for i in reader.found if i.function is not None
             and not (_top_package(i.imported) in OPTIONAL_DEPENDENCIES and i.commented)}
    assert found == expected


def test_an_extraction_worker_does_not_import_the_store():
    """What a worker process imports to run its tasks stays free of the store and its near-duplicate index."""
    import subprocess
    import sys

    code = ("import sys, allegiance.run.worker; "
            "print(sorted(m for m in ('allegiance.store', 'allegiance.run.ingest', 'datasketch') if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"


def test_the_cli_starts_without_spacy():
    """``allegiance --help`` and every command's start pay no spaCy import: commands import their stages."""
    import subprocess
    import sys

    code = "import sys, allegiance.cli; print('spacy' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "False"
