import datetime
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from pypdf import PdfReader

from gonghui.contests import services
from gonghui.contests.models import ScoreEntry
from tests.conftest import acting
from tests.innovation.helpers import assign, make_member, make_user

from .samples import SAMPLES, campaign_of_a, entry_of_a

pytestmark = pytest.mark.django_db


def test_confirm_button_refuses_own_entry_and_accepts_second_person(cast, login):
    entry = entry_of_a(cast)
    login(cast.staff_a).post(f"/contests/entries/{entry.pk}/confirm/")
    assert ScoreEntry.objects.get(pk=entry.pk).confirmed_by is None
    response = login(cast.chair_a).post(f"/contests/entries/{entry.pk}/confirm/")
    assert response.status_code == 302
    assert ScoreEntry.objects.get(pk=entry.pk).confirmed_by == cast.chair_a


def test_entry_form_records_a_correction_as_new_entry(cast, login):
    campaign = campaign_of_a(cast)
    client = login(cast.staff_a)
    data = {
        "team": campaign.teams.get().pk,
        "indicator": campaign.indicators.get().pk,
        "period": "2026-04",
        "value": "3",
    }
    client.post(f"/contests/{campaign.pk}/entries/", data)
    client.post(f"/contests/{campaign.pk}/entries/", data | {"value": "4", "note": "笔误"})
    values = list(ScoreEntry.objects.order_by("id").values_list("value", "is_current"))
    assert [(str(v), c) for v, c in values] == [("3.00", False), ("4.00", True)]


def test_public_board_shows_frozen_snapshot_to_anyone(cast, client, login):
    entry = entry_of_a(cast)
    with acting(cast.chair_a):
        services.confirm_entry(actor=cast.chair_a, entry=entry)
        services.freeze_board(actor=cast.chair_a, campaign=entry.team.campaign)
    campaign = entry.team.campaign
    page = client.get(f"/contests/board/{campaign.public_key}/").content.decode()
    assert "已封榜" in page and "甲工会一班" in page
    organiser = login(cast.chair_a).get(f"/contests/{campaign.pk}/").content.decode()
    assert "实时排名" in organiser


def test_chair_b_gets_404_on_campaign_of_a(cast, login):
    campaign = campaign_of_a(cast)
    client = login(cast.chair_b)
    assert client.get(f"/contests/{campaign.pk}/").status_code == 404
    assert client.post(f"/contests/{campaign.pk}/freeze/").status_code == 404
    assert "甲工会" not in client.get("/contests/").content.decode()


def test_campaign_list_query_count_same_at_1_and_3_rows(cast, login):
    client = login(cast.chair_a)

    def count():
        client.get("/contests/")
        with CaptureQueriesContext(connection) as ctx:
            assert client.get("/contests/").status_code == 200
        return len(ctx.captured_queries)

    campaign_of_a(cast)
    one = count()
    campaign_of_a(cast)
    campaign_of_a(cast)
    assert count() == one


@pytest.mark.parametrize("name", sorted(SAMPLES))
def test_every_sample_route_chair_a_allowed_chair_b_404(cast, login, name):
    url = reverse(name, kwargs=SAMPLES[name](cast))
    if name != "contests:public_board":
        assert login(cast.chair_b).get(url).status_code == 404
    assert login(cast.chair_a).get(url).status_code in (200, 302)


def test_certificate_pdf_for_a_prize_winner(cast, login):
    judge = make_user("judge-x", "裁判甲")
    assign(judge, cast.union_a, "reviewer")
    member = make_member(cast.union_a, "甲工会王焊工")
    with acting(cast.chair_a):
        event = services.create_event(
            actor=cast.chair_a,
            org=cast.union_a,
            name="甲工会焊工比武",
            held_on=datetime.date(2026, 5, 1),
        )
        contestant = services.add_contestant(
            actor=cast.chair_a, event=event, member=member, number="01"
        )
        services.add_judge(actor=cast.chair_a, event=event, user=judge)
    with acting(judge):
        services.score_contestant(actor=judge, event=event, contestant=contestant, score=91)
    with acting(cast.chair_a):
        services.publish_results(actor=cast.chair_a, event=event)
    response = login(cast.chair_a).get(f"/contests/certificates/{contestant.pk}/")
    assert response["Content-Type"] == "application/pdf"
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(response.content)).pages)
    assert "甲工会王焊工" in text and "一等奖" in text


def test_api_board_and_entry_confirmation(cast, login):
    entry = entry_of_a(cast)
    response = login(cast.staff_a).post(f"/api/v1/contests/entries/{entry.pk}/confirmation")
    assert response.status_code == 403
    response = login(cast.chair_a).post(f"/api/v1/contests/entries/{entry.pk}/confirmation")
    assert response.status_code == 200
    board = (
        login(cast.chair_a).get(f"/api/v1/contests/campaigns/{entry.team.campaign_id}/board").json()
    )
    assert board["rows"][0]["team"] == "甲工会一班"
    assert (
        login(cast.chair_b)
        .get(f"/api/v1/contests/campaigns/{entry.team.campaign_id}/board")
        .status_code
        == 404
    )
