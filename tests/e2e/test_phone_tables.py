"""Tables on a 390 px phone (issue 22, "Tables, charts, PDFs"): a table wider than the screen
scrolls sideways inside its box; names never wrap one character per line and the page itself
never scrolls sideways."""

import pytest
from django.urls import get_resolver

from gonghui.assistance import services
from tests.assistance.helpers import draft_file, person_id, set_dibao
from tests.conftest import PASSWORD, acting
from tests.e2e.conftest import log_in, shot

# How many lines each cell's text takes on screen (one rectangle per line box).
LINES = """cells => cells.map(cell => {
    const range = document.createRange();
    range.selectNodeContents(cell);
    return new Set([...range.getClientRects()].map(r => Math.round(r.top))).size;
})"""


@pytest.mark.django_db(transaction=True)
def test_household_names_read_on_one_line_on_a_phone(cast, live_server, phone):
    import datetime

    get_resolver().url_patterns  # noqa: B018  load every app's URLs here, where set-up is unscoped
    set_dibao(cast, "1000")
    file = draft_file(cast, size=1)
    with acting(cast.chair_a):
        for name, relationship, birth in [
            ("欧阳振华", "spouse", datetime.date(1977, 6, 18)),
            ("欧阳雨桐", "child", datetime.date(2009, 8, 27)),
        ]:
            services.add_household_member(
                actor=cast.chair_a,
                file=file,
                name=name,
                relationship=relationship,
                id_number=person_id(birth),
                monthly_income="0",
            )
    log_in(phone, live_server, "chair-a", PASSWORD)
    phone.goto(f"{live_server.url}/assistance/files/{file.pk}/")
    names = phone.locator("#household tbody tr td:first-child")
    assert "欧阳振华" in names.all_inner_texts()
    assert set(names.evaluate_all(LINES)) == {1}
    headings = phone.locator("#household thead th")
    assert set(headings.evaluate_all(LINES)) <= {0, 1}
    # The table scrolls inside its box; the page keeps to the phone's width.
    assert phone.evaluate("document.documentElement.scrollWidth") <= 390
    box = phone.locator("#household")
    assert box.evaluate("el => el.scrollWidth > el.clientWidth")
    shot(phone, "assistance-file-household-390")
