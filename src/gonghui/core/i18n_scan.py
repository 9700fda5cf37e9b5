"""Find Chinese text that reaches the screen without going through gettext.

Python: every string literal holding a Chinese character that is not an argument of a gettext
call (``_``, ``gettext``, ``gettext_lazy``, ``pgettext``, ``ngettext``, ``gettext_noop``…), not a
docstring, not the file format of an import (``Column(...)``: headings and aliases are matched
in users' files), not API documentation (``summary=``/``description=`` of a route or schema
field: OpenAPI text for programmers), not an SMS template (``register_template``: messages go to
members' phones in Chinese, sent by workers that have no page language), not the sample rows of
an import template (``template_rows``) and not on a line marked ``# i18n: data`` (text that is
data, not UI: a proper name, a word matched in input, an official Chinese form). Templates: Chinese outside
``{% trans %}``/``{% translate %}``, ``{% blocktrans %}…{% endblocktrans %}``, ``_("…")`` and
comments.

Left out on purpose: migrations, tests, management commands (console text), demo data
(``demo.py``), ``core/text/`` (Chinese-text processing: stroke tables, region names) and data
files. Run ``gonghui untranslated`` (``--list`` for every place).
"""

import ast
import re
from pathlib import Path

CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff\u3000-\u303f\uff01-\uff5e]")
HAN = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
GETTEXT = {
    "_",
    "gettext",
    "gettext_lazy",
    "gettext_noop",
    "pgettext",
    "pgettext_lazy",
    "ngettext",
    "ngettext_lazy",
    "npgettext",
    "npgettext_lazy",
    "_lazy",
    "_noop",
    "N_",
}
MARK = "i18n: data"
# calls whose Chinese is data or developer documentation, not UI text
EXEMPT_CALLS = {"Column", "register_template"}
# functions whose Chinese is sample data of an import file
EXEMPT_FUNCTIONS = {"template_rows"}
EXEMPT_KEYWORDS = {"summary", "description"}
SKIP_PARTS = {"migrations", "tests", "commands", "__pycache__", "static", "locale", "data", "fonts"}
SKIP_FILES = {"demo.py", "synthetic.py", "i18n_scan.py"}
SKIP_DIRS = ("core/text",)

TEMPLATE_SKIP = re.compile(
    r"\{%\s*comment\s*%\}.*?\{%\s*endcomment\s*%\}"
    r"|\{#.*?#\}"
    r"|\{%\s*block(?:trans|translate)\b.*?%\}.*?\{%\s*endblock(?:trans|translate)\s*%\}"
    r"|\{%\s*(?:trans|translate)\s+(?:\"[^\"]*\"|'[^']*').*?%\}"
    r"|_\(\s*(?:\"[^\"]*\"|'[^']*')\s*\)",
    re.S,
)


def _skipped(path: Path, root: Path) -> bool:
    rel = path.relative_to(root).as_posix()
    if any(part in SKIP_PARTS for part in path.relative_to(root).parts[:-1]):
        return True
    if path.name in SKIP_FILES:
        return True
    return any(rel.startswith(d + "/") or ("/" + d + "/") in "/" + rel for d in SKIP_DIRS)


def _func_name(node):
    func = node.func
    if isinstance(func, ast.Name):
        return func.id
    if isinstance(func, ast.Attribute):
        return func.attr
    return None


def python_hits(path: Path):
    """(line, text) of each Chinese literal outside gettext in one Python file."""
    source = path.read_text(encoding="utf-8")
    lines = source.splitlines()
    tree = ast.parse(source)
    inside = set()
    docstrings = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and _func_name(node) in GETTEXT | EXEMPT_CALLS:
            for sub in ast.walk(node):
                inside.add(id(sub))
        if isinstance(node, ast.FunctionDef) and node.name in EXEMPT_FUNCTIONS:
            for sub in ast.walk(node):
                inside.add(id(sub))
        if isinstance(node, ast.Call):
            for kw in node.keywords:
                if kw.arg in EXEMPT_KEYWORDS:
                    for sub in ast.walk(kw.value):
                        inside.add(id(sub))
        if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)):
            body = node.body
            if body and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant):
                docstrings.add(id(body[0].value))
        if isinstance(node, ast.JoinedStr):
            # an f-string is one literal: report it once, not per part
            for sub in node.values:
                inside.add(id(sub))
            if id(node) not in inside and HAN.search(ast.unparse(node)):
                if not _marked(lines, node):
                    yield node.lineno, ast.unparse(node)
    for node in ast.walk(tree):
        if not (isinstance(node, ast.Constant) and isinstance(node.value, str)):
            continue
        if id(node) in inside or id(node) in docstrings or not HAN.search(node.value):
            continue
        if _marked(lines, node):
            continue
        yield node.lineno, node.value


def _marked(lines, node):
    first, last = node.lineno, getattr(node, "end_lineno", node.lineno) or node.lineno
    return any(MARK in lines[n - 1] for n in range(max(1, first - 1), last + 1))


def template_hits(path: Path):
    """(line, text) of each run of Chinese outside translation tags in one template."""
    source = path.read_text(encoding="utf-8")
    if "i18n: data" in source.split("\n", 1)[0]:
        return
    masked = TEMPLATE_SKIP.sub(lambda m: re.sub(r"[^\n]", " ", m.group(0)), source)
    for number, line in enumerate(masked.splitlines(), 1):
        for run in re.findall(r"[^<>{}\"'|]*" + HAN.pattern + r"[^<>{}\"'|]*", line):
            yield number, run.strip()


def scan(root: Path):
    """Every hit under ``root`` (the ``gonghui`` package): a list of (path, line, text)."""
    hits = []
    for path in sorted(root.rglob("*")):
        if not path.is_file() or _skipped(path, root):
            continue
        if path.suffix == ".py":
            found = python_hits(path)
        elif path.suffix in (".html", ".txt") and "templates" in path.parts:
            found = template_hits(path)
        else:
            continue
        hits.extend((path.relative_to(root).as_posix(), line, text) for line, text in found)
    return hits


def package_root() -> Path:
    return Path(__file__).resolve().parent.parent
