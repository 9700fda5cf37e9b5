"""#12.5 Remote check-in: a delegate's phone counts them present only with the QR code shown in
the hall right now; staff checking someone in is a separate, audited act shown as such."""

import time

import pytest

from gonghui.assemblies import services
from gonghui.assemblies.models import CheckIn
from gonghui.core.models import AuditEvent
from tests.assemblies.helpers import make_congress, make_session
from tests.conftest import acting

pytestmark = pytest.mark.django_db


def _url(session):
    return f"/api/v1/assemblies/sessions/{session.pk}/check-in"


def test_api_check_in_without_the_qr_code_is_refused(cast, login):
    congress, _people = make_congress(cast, delegates=3)
    session = make_session(cast, congress)
    client = login(cast.member_user)
    # The attack of the finding: a bare POST from anywhere.
    response = client.post(_url(session), data={}, content_type="application/json")
    assert response.status_code == 400
    assert response.json() == {
        "detail": "签到二维码已过期或不正确：请扫描会场屏幕上正在显示的二维码"
    }
    # The session's fixed token (what the old QR carried) is no code either.
    fixed = client.post(
        _url(session), data={"token": session.checkin_token}, content_type="application/json"
    )
    assert fixed.status_code == 400
    assert not CheckIn.objects.filter(session=session).exists()


def test_api_check_in_with_a_stale_code_is_refused(cast, login):
    congress, _people = make_congress(cast, delegates=3)
    session = make_session(cast, congress)
    stale = services.checkin_code(session, at=time.time() - 3 * 30)
    client = login(cast.member_user)
    response = client.post(_url(session), data={"token": stale}, content_type="application/json")
    assert response.status_code == 400
    assert not CheckIn.objects.filter(session=session).exists()


def test_api_check_in_with_the_current_code_counts(cast, login):
    congress, people = make_congress(cast, delegates=3)
    session = make_session(cast, congress)
    code = services.checkin_code(session)
    client = login(cast.member_user)
    response = client.post(_url(session), data={"token": code}, content_type="application/json")
    assert response.status_code == 200
    assert response.json()["present"] == 1
    checkin = CheckIn.objects.get(session=session)
    assert (checkin.delegate, checkin.by_qr, checkin.recorded_by) == (
        people[0],
        True,
        cast.member_user,
    )


def test_code_of_the_previous_window_still_counts_but_not_older(cast):
    congress, _people = make_congress(cast, delegates=3)
    session = make_session(cast, congress)
    now = 1_800_000_000.0  # the start of a 30-second window
    assert services.checkin_code_valid(session, services.checkin_code(session, at=now), at=now)
    previous = services.checkin_code(session, at=now - 30)
    assert services.checkin_code_valid(session, previous, at=now)
    older = services.checkin_code(session, at=now - 60)
    assert not services.checkin_code_valid(session, older, at=now)
    other = make_session(cast, congress)
    assert not services.checkin_code_valid(other, services.checkin_code(session, at=now), at=now)


def test_check_in_page_needs_the_current_code(cast, login):
    congress, _people = make_congress(cast, delegates=3)
    session = make_session(cast, congress)
    client = login(cast.member_user)
    assert client.post(f"/assemblies/checkin/{session.checkin_token}/").status_code == 404
    stale = services.checkin_code(session, at=time.time() - 120)
    page = client.get(f"/assemblies/checkin/{stale}/").content.decode()
    assert "签到二维码已过期" in page and "checkin-button" not in page
    client.post(f"/assemblies/checkin/{stale}/")
    assert not CheckIn.objects.filter(session=session).exists()
    # The delegate's own session page offers no check-in button, only the way to the hall.
    mine = client.get(f"/assemblies/my/sessions/{session.pk}/").content.decode()
    assert "checkin-hint" in mine and "/assemblies/checkin/" not in mine


def test_staff_check_in_is_its_own_audited_act_shown_as_such(cast, login):
    congress, people = make_congress(cast, delegates=3)
    session = make_session(cast, congress)
    staff = login(cast.chair_a)
    staff.post(
        f"/assemblies/sessions/{session.pk}/action/",
        {"action": "checkin", "delegate": people[1].pk},
    )
    checkin = CheckIn.objects.get(session=session)
    assert (checkin.delegate, checkin.by_qr, checkin.recorded_by) == (
        people[1],
        False,
        cast.chair_a,
    )
    event = AuditEvent.unscoped.get(action="assemblies.checkin.staff")
    assert (event.actor, event.extra) == (cast.chair_a, {"delegate": people[1].pk})
    console = staff.get(f"/assemblies/sessions/{session.pk}/").content.decode()
    assert f"代签（{cast.chair_a.full_name}）" in console
    with acting(cast.member_user):
        services.check_in_self(
            actor=cast.member_user,
            session=session,
            delegate=people[0],
            code=services.checkin_code(session),
        )
    console = staff.get(f"/assemblies/sessions/{session.pk}/").content.decode()
    assert console.count("代签（") == 1 and "扫码</span>" in console
