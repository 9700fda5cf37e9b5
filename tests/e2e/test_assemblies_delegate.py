"""A delegate on a 390 px phone: scans the session QR, checks in, votes, keeps the receipt; the
scrutineers set their passphrases at opening and unlock the sealed ballots at closing."""

import time

import pytest

from gonghui.assemblies import services
from gonghui.assemblies.models import AnonymousBallot, CheckIn, Participation, SealedBallot
from tests.assemblies.helpers import check_in_all, make_congress, make_session
from tests.conftest import PASSWORD, acting
from tests.e2e.conftest import log_in, shot


@pytest.mark.django_db(transaction=True)
def test_delegate_checks_in_and_votes_on_phone(cast, live_server, phone, page):
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
    # The scrutineers type their passphrases at the console to open the poll.
    page.on("dialog", lambda dialog: dialog.accept())
    log_in(page, live_server, "chair-a", PASSWORD)
    page.goto(f"{live_server.url}/assemblies/polls/{poll.pk}/")
    page.fill("input[name=chief_name]", "赵总监")
    page.fill("input[name=chief_passphrase]", "chief-pass-1")
    page.fill("input[name=member1_name]", "钱监票")
    page.fill("input[name=member1_passphrase]", "member-pass-1")
    shot(page, "assemblies-poll-open-scrutineers")
    page.click("button[value=open]")
    page.wait_for_selector("text=结束投票并开票")
    poll.refresh_from_db()
    assert poll.status == "open" and poll.scrutineers.count() == 2
    # The console shows the rotating check-in QR.
    page.goto(f"{live_server.url}/assemblies/sessions/{session.pk}/")
    page.wait_for_selector("#qr-panel img")
    shot(page, "assemblies-console-qr")
    phone.on("dialog", lambda dialog: dialog.accept())
    log_in(phone, live_server, "member-a", PASSWORD)
    # Without the hall's QR there is no way to check in from the delegate's own page.
    phone.goto(f"{live_server.url}/assemblies/my/sessions/{session.pk}/")
    assert phone.locator("#checkin-hint").is_visible()
    stale = services.checkin_code(session, at=time.time() - 120)
    phone.goto(f"{live_server.url}/assemblies/checkin/{stale}/")
    assert phone.locator("#checkin-expired").is_visible()
    assert phone.locator("#checkin-button").count() == 0
    shot(phone, "assemblies-checkin-expired-390")
    # Scanning the QR opens the check-in page with the current code.
    phone.goto(f"{live_server.url}/assemblies/checkin/{services.checkin_code(session)}/")
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
    assert SealedBallot.objects.filter(poll=poll).count() == 1
    assert not AnonymousBallot.objects.filter(poll=poll).exists()
    # Closing: the chief and one 监票人 unlock the sealed ballots.
    page.goto(f"{live_server.url}/assemblies/polls/{poll.pk}/")
    page.fill("input[name=chief_passphrase]", "chief-pass-1")
    page.fill("input[name=member_passphrase]", "member-pass-1")
    shot(page, "assemblies-poll-close-unlock")
    page.click("button[value=close]")
    page.wait_for_selector(".result-text")
    shot(page, "assemblies-poll-result")
    assert not SealedBallot.objects.filter(poll=poll).exists()
    ballot = AnonymousBallot.objects.get(poll=poll)
    assert sorted(ballot.choices["marks"].values()) == ["abstain", "against", "for", "for"]
    phone.goto(f"{live_server.url}/assemblies/my/polls/{poll.pk}/results/")
    phone.fill("input[name=code]", code)
    phone.click("form.input-group button")
    assert "已计入结果" in phone.locator("#receipt-result").inner_text()
    shot(phone, "journey6-receipt-checked-390")


@pytest.mark.django_db(transaction=True)
def test_delegate_goes_from_home_tasks_to_the_vote_and_back_to_the_results(
    cast, live_server, phone
):
    """Issue 22: the delegate's home lists the open tasks (check in, then vote); after voting the
    receipt leads to the results, and once the poll closes the home leads back to them."""
    from django.urls import get_resolver

    from tests.assemblies.helpers import SCRUTINEERS, UNLOCK

    get_resolver().url_patterns  # noqa: B018  load every app's URLs here, where set-up is unscoped
    congress, people = make_congress(cast, seats=7, delegates=6)
    session = make_session(cast, congress)
    check_in_all(cast, session, people[1:])
    with acting(cast.chair_a):
        poll = services.create_poll(
            actor=cast.chair_a,
            session=session,
            kind="resolution",
            title="甲工会工资专项集体合同草案",
        )
        services.open_poll(actor=cast.chair_a, poll=poll, **SCRUTINEERS)
    phone.on("dialog", lambda dialog: dialog.accept())
    log_in(phone, live_server, "member-a", PASSWORD)
    tasks = phone.locator("#home-tasks")
    assert tasks.locator("[data-task=assemblies-to-check-in]").get_attribute("data-count") == "1"
    assert tasks.locator("[data-task=assemblies-to-vote]").get_attribute("data-count") == "1"
    shot(phone, "assemblies-delegate-home-tasks-390")
    # The check-in task opens the session, which says to scan the hall's QR code.
    tasks.locator("[data-task=assemblies-to-check-in]").click()
    phone.click("#todo-rows a")
    assert phone.locator("#checkin-hint").is_visible()
    phone.goto(f"{live_server.url}/assemblies/checkin/{services.checkin_code(session)}/")
    phone.click("#checkin-button")
    phone.wait_for_selector("#checked-in")
    # Back home the check-in is done; the vote task opens the ballot.
    phone.goto(f"{live_server.url}/")
    assert phone.locator("[data-task=assemblies-to-check-in]").count() == 0
    phone.click("[data-task=assemblies-to-vote]")
    assert "甲工会工资专项集体合同草案" in phone.inner_text("#todo-rows")
    phone.click("#todo-rows a")
    phone.click("label[for=vote-for]")
    phone.click("#cast-vote")
    code = phone.locator("#receipt-code").inner_text().strip()
    assert len(code) == 14
    # The receipt leads to the results page, which waits for the count.
    phone.click("#to-results")
    phone.wait_for_url(f"{live_server.url}/assemblies/my/polls/{poll.pk}/results/")
    assert "结果尚未公布" in phone.inner_text("main")
    phone.goto(f"{live_server.url}/")
    assert phone.locator("[data-task=assemblies-to-vote]").count() == 0
    assert Participation.objects.filter(poll=poll, delegate=people[0]).count() == 1
    with acting(cast.chair_a):
        services.close_poll(actor=cast.chair_a, poll=poll, **UNLOCK)
    # Once closed, the home's figure leads to the delegate's results and the receipt check.
    phone.goto(f"{live_server.url}/")
    figure = phone.locator("[data-figure=my_poll_results]")
    assert figure.inner_text().strip() == "1"
    figure.click()
    phone.click(".result-link")
    phone.wait_for_url(f"{live_server.url}/assemblies/my/polls/{poll.pk}/results/")
    phone.fill("input[name=code]", code)
    phone.click("form.input-group button")
    assert "已计入结果" in phone.locator("#receipt-result").inner_text()
    assert phone.evaluate("document.documentElement.scrollWidth") <= 390
    shot(phone, "assemblies-delegate-back-to-results-390")
