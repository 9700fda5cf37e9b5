"""Issue 22, README for a newcomer: the README's table names every demo login and the journeys
each one is for, and every one of the twelve journeys has a login to walk it with."""

import re
from pathlib import Path

from tests.core.test_home_tasks import DEMO_LOGINS

README = Path(__file__).resolve().parents[2] / "README.md"


def login_rows():
    text = README.read_text(encoding="utf-8")
    table = text.split("### Demo logins", 1)[1].split("\n###", 1)[0]
    rows = {}
    for line in table.splitlines():
        found = re.match(r"\| `([^`]+)` \|(.*)\|\s*$", line)
        if found:
            rows[found.group(1)] = found.group(2).split("|")[-1]
    return rows


def test_every_demo_login_is_listed_with_its_journeys():
    rows = login_rows()
    assert set(rows) == set(DEMO_LOGINS)
    for login, journeys in rows.items():
        assert re.search(r"\bJ\d+\b", journeys), f"{login}: no journey named"


def test_every_journey_has_a_demo_login():
    named = {int(n) for text in login_rows().values() for n in re.findall(r"\bJ(\d+)\b", text)}
    assert named == set(range(1, 13))
