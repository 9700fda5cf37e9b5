"""A delegate on a 390 px phone: scans the session QR link, checks in, votes, keeps the receipt."""

import pytest

from gonghui.assemblies import services
from gonghui.assemblies.models import AnonymousBallot, CheckIn, Participation
from tests.assemblies.helpers import SCRUTINEERS, UNLOCK, check_in_all, make_congress, make_session
from tests.conftest import PASSWORD, acting
from tests.e2e.conftest import log_in, shot


@pytest.mark.django_db(transaction=True)
def test_delegate_checks_in_and_votes_on_phone(cast, live_server, phone):
    from django.urls import get_resolver

    get_resolver().url_patterns  # noqa: B018  load every app's URLs here, where set-up is unscoped
    congress, people = make_congress(cast, seats=7, delegates=6)
    session = make_session(cast, congress)
    check_in_all(cast, session, people[1:])
    with acting(cast.chair_a):
        poll = services.create_poll(
            actor=cast.chair_a,
            session=session,
            kind="election",
            title="工会委员会委员",
            seats=2,
            candidates=[(n, None) for n in ["黄八", "赵七", "王一", "陈六"]],
        )
        services.open_poll(actor=cast.chair_a, poll=poll, **SCRUTINEERS)
    phone.on("dialog", lambda dialog: dialog.accept())
    log_in(phone, live_server, "member-a", PASSWORD)
    phone.goto(f"{live_server.url}/assemblies/checkin/{session.checkin_token}/")
    phone.click("#checkin-button")
    phone.wait_for_selector("#checked-in")
    assert CheckIn.objects.filter(session=session, delegate=people[0], by_qr=True).exists()
    phone.click("text=去投票")
    labels = phone.locator(".candidate-name").all_inner_texts()
    assert labels == ["王一", "陈六", "赵七", "黄八"]  # surname stroke order
    keys = {c.name: c.pk for c in poll.candidates.all()}
    phone.click(f"label[for=c{keys['王一']}-for]")
    phone.click(f"label[for=c{keys['赵七']}-for]")
    phone.click(f"label[for=c{keys['黄八']}-against]")
    width = phone.evaluate("document.documentElement.scrollWidth")
    assert width <= 390
    shot(phone, "assemblies-ballot-390")
    phone.click("#cast-vote")
    code = phone.locator("#receipt-code").inner_text().strip()
    assert len(code) == 14
    shot(phone, "assemblies-receipt-390")
    assert Participation.objects.filter(poll=poll).count() == 1
    ballot = AnonymousBallot.objects.get(poll=poll)
    assert sorted(ballot.choices["marks"].values()) == ["abstain", "against", "for", "for"]
    with acting(cast.chair_a):
        services.close_poll(actor=cast.chair_a, poll=poll, **UNLOCK)
    phone.goto(f"{live_server.url}/assemblies/my/polls/{poll.pk}/results/")
    phone.fill("input[name=code]", code)
    phone.click("form.input-group button")
    assert "已计入结果" in phone.locator("#receipt-result").inner_text()
