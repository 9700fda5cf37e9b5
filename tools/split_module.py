"""Split a module into a package by subject: a pure move (same code, same names importable from
the package). Usage: python tools/split_module.py path/to/module.py tools/splits/<plan>.json
then `ruff check --fix <package>/` (drops the header imports a subject does not use).

Used for the splits of issue 20 (plans in tools/splits/). A branch that edited one of the split
files merges by taking its version of the single file and re-running the split on it.

plan.json: {"docstring": "...", "subjects": {"sub": {"doc": "...", "names": [...]}}, "default": "sub"}
"""

import ast
import json
import sys
from collections import defaultdict
from pathlib import Path

path = Path(sys.argv[1])
plan = json.loads(Path(sys.argv[2]).read_text())
src = path.read_text()
lines = src.splitlines(keepends=True)
# one package level deeper: every relative import gains a dot
for node in ast.walk(ast.parse(src)):
    if isinstance(node, ast.ImportFrom) and node.level > 0:
        i, c = node.lineno - 1, node.col_offset
        line = lines[i]
        assert line[c : c + 5] == "from ", line
        lines[i] = line[: c + 5] + "." + line[c + 5 :]
src = "".join(lines)
tree = ast.parse(src)

body = tree.body
doc = ast.get_docstring(tree)
# header: docstring + imports (top-level import statements before the first def/class/assign)
first_code = None
header_end = 0
for node in body:
    if isinstance(node, (ast.Import, ast.ImportFrom)) or (
        isinstance(node, ast.Expr) and isinstance(node.value, ast.Constant) and node is body[0]
    ):
        header_end = node.end_lineno
        continue
    first_code = node
    break
header_imports = []
for node in body:
    if isinstance(node, (ast.Import, ast.ImportFrom)) and node.end_lineno <= header_end:
        header_imports.append("".join(lines[node.lineno - 1 : node.end_lineno]))


def names_defined(node):
    if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
        return [node.name]
    if isinstance(node, ast.Assign):
        out = []
        for t in node.targets:
            for n in ast.walk(t):
                if isinstance(n, ast.Name):
                    out.append(n.id)
        return out
    if isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name):
        return [node.target.id]
    return []


name_to_sub = {}
for sub, spec in plan["subjects"].items():
    for n in spec["names"]:
        name_to_sub[n] = sub

segments = []  # (sub, text, defined names, node)
code_nodes = [n for n in body if n.lineno > header_end]
prev_end = header_end
pending_sub = None
for node in code_nodes:
    start = node.lineno
    if hasattr(node, "decorator_list") and node.decorator_list:
        start = min(d.lineno for d in node.decorator_list)
    text = "".join(lines[prev_end : node.end_lineno])
    prev_end = node.end_lineno
    defined = names_defined(node)
    sub = None
    for n in defined:
        if n in name_to_sub:
            sub = name_to_sub[n]
            break
    if sub is None:
        sub = plan.get("default")
        if defined:
            print("unassigned ->", plan.get("default"), defined, file=sys.stderr)
        # statements like register(...) calls: keep with the previous segment's subject
        if not defined and segments:
            sub = segments[-1][0]
    segments.append((sub, text, defined, node))
tail = "".join(lines[prev_end:])

defined_in = {}
for sub, _text, defined, _node in segments:
    for n in defined:
        defined_in.setdefault(n, sub)

used = defaultdict(set)
for sub, _text, _defined, node in segments:
    for n in ast.walk(node):
        if isinstance(n, ast.Name):
            used[sub].add(n.id)

pkg = path.with_suffix("")
pkg.mkdir()
deps = defaultdict(set)
for sub, spec in plan["subjects"].items():
    segs = [s for s in segments if s[0] == sub]
    if not segs:
        continue
    own = {n for s in segs for n in s[2]}
    cross = defaultdict(set)
    for n in used[sub]:
        if n in defined_in and defined_in[n] != sub and n not in own:
            cross[defined_in[n]].add(n)
            deps[sub].add(defined_in[n])
    out = f'"""{spec["doc"]}"""\n\n'
    out += "".join(header_imports)
    for other in sorted(cross):
        out += f"from .{other} import {', '.join(sorted(cross[other]))}\n"
    body_text = "".join(s[1] for s in segs).lstrip("\n")
    out += "\n\n" + body_text
    (pkg / f"{sub}.py").write_text(out.rstrip() + "\n")

init = f'"""{plan["docstring"]}"""\n\n'
for sub in plan["subjects"]:
    names = [n for s in segments if s[0] == sub for n in s[2]]
    names = sorted(set(names))
    if names:
        init += (
            f"from .{sub} import (  # noqa: F401\n" + "".join(f"    {n},\n" for n in names) + ")\n"
        )
(pkg / "__init__.py").write_text(init)
path.unlink()


# cycles?
def has_cycle():
    seen, stack = set(), set()

    def visit(n, trail):
        if n in stack:
            print("CYCLE:", " -> ".join([*trail, n]), file=sys.stderr)
            return True
        if n in seen:
            return False
        seen.add(n)
        stack.add(n)
        r = any(visit(m, [*trail, n]) for m in deps[n])
        stack.discard(n)
        return r

    return any(visit(n, []) for n in list(deps))


print("deps:", {k: sorted(v) for k, v in deps.items()})
has_cycle()
if tail.strip():
    print("TAIL not empty:", tail[:200], file=sys.stderr)
