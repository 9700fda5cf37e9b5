"""No Python code writes Chinese punctuation between words outside a translation: an f-string
whose own text holds ： 、 ； ， 。 （ ） (``f"{name}（{unit}）"``) or a ``"、".join(...)`` shows
the Chinese marks on the English page ("Advanced individual（和平区总工会）"). Code words them
with core/text/punctuation.py (``annotated``, ``labelled``, ``joined``) when the text is shown.

Left alone: text inside a gettext call (the catalogue words it), lines marked ``# i18n: data``
(the official Chinese letters, a stored record's name), and the places in ``ALLOWED``."""

import ast
import re
from pathlib import Path

from gonghui.core.i18n_scan import GETTEXT  # the gettext names and their usual aliases

SRC = Path(__file__).resolve().parents[2] / "src" / "gonghui"
MARKS = re.compile("[：、；，。（）]")
DATA = "# i18n: data"

# (file, snippet, reason): a place where code may write a mark itself. The snippet is found in
# the lines of the statement holding the mark.
ALLOWED = [
    # Management commands: console output for the operators of a Chinese-only command, outside
    # any request and page language (core/i18n_scan.py leaves commands out too).
    ("core/management/commands/load_demo.py", "演示账号（密码均为", "console output"),
    ("core/management/commands/load_demo.py", "（{role}，组织 {code}）", "console output"),
    ("rights/management/commands/escalate_requests.py", "已加入任务队列：", "console output"),
    ("rights/management/commands/escalate_requests.py", "件，升级", "console output"),
    ("assistance/management/commands/purge_assistance.py", "已加入任务队列：", "console output"),
    ("assistance/management/commands/purge_assistance.py", "LABELS.get(key, key)}：", "console"),
    ("members/management/commands/rebuild_search_keys.py", "会员的检索索引：", "console output"),
    ("members/management/commands/seed.py", "已存在：换一个 --seed", "console output"),
    ("members/management/commands/seed.py", "家：{time.monotonic()", "console output"),
    ("members/management/commands/seed.py", "（根组织 {code}）：共", "console output"),
    ("reports/management/commands/refresh_stats.py", "统计已更新（", "console output"),
    # Regular expressions that read the Chinese lines a decision stored (worded on read).
    ("assistance/explain.py", "re.fullmatch(", "parses stored Chinese text"),
    # Stored data: written once, in Chinese, and worded on read by the model.
    ("assemblies/services/polls.py", 'extra={"scrutineers":', "audit extra: stored data"),
    ("workplace/services/approvals.py", "contract.tally_text =", "stored; tally_display words"),
    ("honours/services/rounds.py", "rules_note=(", "stored; AwardRound.rules_text words it"),
    # Demo data: the sample records are Chinese (core/i18n_scan.py leaves demo.py out).
    ("workplace/demo.py", "协商，双方首席代表出席", "demo data"),
]


def _in_gettext(node, parents):
    while node in parents:
        node = parents[node]
        if isinstance(node, ast.Call) and _name(node.func) in GETTEXT:
            return True
    return False


def _name(func):
    if isinstance(func, ast.Name):
        return func.id
    if isinstance(func, ast.Attribute):
        return func.attr
    return None


def _marked(node):
    """The mark a node writes itself: an f-string's own text, or the text joining a list."""
    if isinstance(node, ast.JoinedStr):
        text = "".join(v.value for v in node.values if isinstance(v, ast.Constant))
        return MARKS.search(text)
    if (
        isinstance(node, ast.Call)
        and isinstance(node.func, ast.Attribute)
        and node.func.attr == "join"
        and isinstance(node.func.value, ast.Constant)
        and isinstance(node.func.value.value, str)
    ):
        return MARKS.search(node.func.value.value)
    return None


def places(source):
    """(first line, last line, mark) of each mark the code writes outside gettext; the lines
    run from the statement holding it to the end of the mark's expression."""
    tree = ast.parse(source)
    parents, statements = {}, {}
    for parent in ast.walk(tree):
        for child in ast.iter_child_nodes(parent):
            parents[child] = parent
    found = []
    for node in ast.walk(tree):
        match = _marked(node)
        if match is None or _in_gettext(node, parents):
            continue
        statement = node
        while not isinstance(statement, ast.stmt):
            statement = parents[statement]
        statements[node] = statement
        found.append((statement.lineno, node.end_lineno, match.group(0)))
    return found


def _python_files():
    for path in sorted(SRC.rglob("*.py")):
        if "migrations" not in path.relative_to(SRC).parts:
            yield path


def _marks_outside_translations():
    found = []
    for path in _python_files():
        source = path.read_text(encoding="utf-8")
        name = str(path.relative_to(SRC))
        lines = source.splitlines()
        for first, last, mark in places(source):
            text = "\n".join(lines[first - 1 : last])
            if DATA in lines[last - 1] or DATA in lines[first - 1]:
                continue
            if not any(name == f and snippet in text for f, snippet, _reason in ALLOWED):
                found.append(f"{name}:{first}: {mark} in {lines[first - 1].strip()[:90]}")
    return found


def test_python_writes_no_chinese_punctuation_outside_translations():
    assert _marks_outside_translations() == []


def test_the_guard_finds_fstrings_and_joins_outside_gettext():
    source = (
        'a = f"{x}（{y}）"\n'
        'b = "、".join(names)\n'
        'c = _("当选：") + "；".join(problems)\n'
        'd = _("{x}（{y}）").format(x=1, y=2)\n'
        'e = _("、").join(names)\n'
        "f = f\"{label}{gettext('：')}{value}\"\n"
        'g = ", ".join(names)\n'
        'h = f"{n} 人"\n'
        "if m := re.fullmatch(\n"
        '    rf"(.+)：(.+)", line\n'
        "):\n"
        "    pass\n"
    )
    assert places(source) == [(1, 1, "（"), (2, 2, "、"), (3, 3, "；"), (9, 10, "：")]


def test_allowed_places_still_exist():
    """An allowance whose place is gone is removed with it."""
    for name, snippet, _reason in ALLOWED:
        assert snippet in (SRC / name).read_text(encoding="utf-8"), name
