"""The package's floors, checked: no import circle, data flowing down, small modules.

Every import counts — at module level, inside functions and under ``TYPE_CHECKING`` — because a
circle hidden in a function is still a circle. ``python scripts/check_architecture.py`` prints the
map and exits 1 on any violation; tests/test_architecture.py runs the same checks in CI.
"""

from __future__ import annotations

import ast
import statistics
import sys
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent / "toolkit" / "xlbudget"
# Stages from the bottom up: a module may import its own stage and the stages below it.
LAYERS: tuple[tuple[str, ...], ...] = (
    ("xlbudget.text", "xlbudget.addresses", "xlbudget.fileio"),
    ("xlbudget.spec",),
    ("xlbudget.model", "xlbudget.synthetic"),
    ("xlbudget.read",),
    ("xlbudget.check",),
    ("xlbudget.narrative",),
    ("xlbudget.write",),
    ("xlbudget.fix",),
    ("xlbudget.consolidate",),
    ("xlbudget.report",),
    ("xlbudget.bulk",),
    ("xlbudget", "xlbudget.cli", "xlbudget.__main__"),
)
MAX_MODULE_LINES = 500
MAX_ROOT_MODULES = 8
MAX_MEDIAN_FUNCTION = 12
MAX_P90_FUNCTION = 40


@dataclass
class Package:
    modules: dict[str, Path] = field(default_factory=dict)  # dotted name → file
    imports: dict[str, set[str]] = field(default_factory=dict)  # module → modules it imports


def module_name(path: Path) -> str:
    parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _targets(node: ast.AST, known: set[str]) -> Iterator[str]:
    """The package modules an import statement loads (``from a import b`` loads ``a.b`` when
    ``b`` is a module, else ``a``)."""
    if isinstance(node, ast.Import):
        for alias in node.names:
            if alias.name in known:
                yield alias.name
    elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
        for alias in node.names:
            sub = f"{node.module}.{alias.name}"
            if sub in known:
                yield sub
            elif node.module in known:
                yield node.module


def load() -> Package:
    package = Package()
    for path in sorted(PACKAGE.rglob("*.py")):
        package.modules[module_name(path)] = path
    known = set(package.modules)
    for name, path in package.modules.items():
        tree = ast.parse(path.read_text(encoding="utf-8"))
        package.imports[name] = {t for node in ast.walk(tree) for t in _targets(node, known)
                                 if t != name}
    return package


def cycles(package: Package) -> list[list[str]]:
    """Every strongly connected group of more than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    found: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        for other in sorted(package.imports[node]):
            if other not in index:
                visit(other)
                low[node] = min(low[node], low[other])
            elif other in stack:
                low[node] = min(low[node], index[other])
        if low[node] == index[node]:
            group = []
            while True:
                member = stack.pop()
                group.append(member)
                if member == node:
                    break
            if len(group) > 1:
                found.append(sorted(group))

    for node in sorted(package.imports):
        if node not in index:
            visit(node)
    return found


def layer(module: str) -> int:
    best = (-1, -1)  # (length of the matching prefix, layer)
    for level, prefixes in enumerate(LAYERS):
        for prefix in prefixes:
            if (module == prefix or module.startswith(prefix + ".")) and len(prefix) > best[0]:
                best = (len(prefix), level)
    if best[1] < 0:
        raise ValueError(f"{module} belongs to no layer: add it to LAYERS")
    return best[1]


def upward(package: Package) -> list[tuple[str, str]]:
    """Imports from a lower stage to a higher one (data flowing back up)."""
    return sorted((a, b) for a, targets in package.imports.items() for b in targets
                  if layer(b) > layer(a))


def function_lengths(package: Package) -> list[int]:
    lengths = []
    for path in package.modules.values():
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                lengths.append((node.end_lineno or node.lineno) - node.lineno + 1)
    return lengths


def module_lines(package: Package) -> dict[str, int]:
    return {name: len(path.read_text(encoding="utf-8").splitlines())
            for name, path in package.modules.items()}


def root_modules(package: Package) -> list[str]:
    return sorted(name for name, path in package.modules.items()
                  if path.parent == PACKAGE and path.stem not in ("__init__", "__main__"))


def problems(package: Package) -> list[str]:
    out = [f"import circle: {' ↔ '.join(group)}" for group in cycles(package)]
    out += [f"upward import: {a} → {b}" for a, b in upward(package)]
    out += [f"{name}: {lines} lines (max {MAX_MODULE_LINES})"
            for name, lines in module_lines(package).items() if lines > MAX_MODULE_LINES]
    roots = root_modules(package)
    if len(roots) > MAX_ROOT_MODULES:
        out.append(f"{len(roots)} modules at the package root (max {MAX_ROOT_MODULES}): {roots}")
    lengths = sorted(function_lengths(package))
    median, p90 = statistics.median(lengths), lengths[int(len(lengths) * 0.9)]
    if median > MAX_MEDIAN_FUNCTION or p90 > MAX_P90_FUNCTION:
        out.append(f"function length median {median} / p90 {p90} "
                   f"(max {MAX_MEDIAN_FUNCTION} / {MAX_P90_FUNCTION})")
    return out


def main() -> int:
    package = load()
    lengths = sorted(function_lengths(package))
    lines = module_lines(package)
    print(f"{len(package.modules)} modules, {sum(lines.values())} lines, "
          f"{sum(len(t) for t in package.imports.values())} imports")
    print(f"root modules: {', '.join(root_modules(package))}")
    print(f"functions: {len(lengths)}, median {statistics.median(lengths)} lines, "
          f"p90 {lengths[int(len(lengths) * 0.9)]}")
    largest = sorted(lines.items(), key=lambda item: -item[1])[:3]
    print("largest: " + ", ".join(f"{name} ({count})" for name, count in largest))
    found = problems(package)
    for problem in found:
        print(f"FAIL {problem}")
    if not found:
        print("no import circle, no upward import, every module within bounds")
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main())
