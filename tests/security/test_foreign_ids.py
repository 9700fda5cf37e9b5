"""Ids submitted in forms and API bodies that name another object (issue: foreign ids).

URL ids are scoped by the route (tests/test_url_scoping.py). These tests cover the objects a
body names besides the URL's own: a union admin (``chair_a``) must not reach union B's rows or
a row an upper level keeps through them, and an object named beside a parent must belong to
that parent. Each test drives the path an attacker would use (the API or the page) against a
real database.
"""

from decimal import Decimal

import pytest
from django.urls import reverse

from gonghui.funds.enums import Account, LineStatus
from gonghui.funds.models import Balance, PayerAlias, StatementLine
from gonghui.funds.services import remittances
from tests.conftest import acting
from tests.funds import factories as f

pytestmark = pytest.mark.django_db


def _bank(org):
    row = Balance.unscoped.filter(org=org, account=Account.BANK).first()
    return row.amount if row else Decimal("0.00")


def _match(client, line, employer):
    return client.post(
        f"/api/v1/funds/statement-lines/{line.pk}/match",
        {"credit_code": employer.credit_code},
        content_type="application/json",
    )


# --- funds: the remembered payer of a statement ---------------------------------------------


def test_a_union_cannot_rematch_a_payer_the_district_matched(cast, login):
    """The district matched payer 乙物流（代缴） to employer B. Union A imports a line of the same
    payer into its own books and matches it to its own employer: that must not rewrite the
    district's remembered match (the next district statement would pay B's money to A)."""
    f.rules(cast)
    f.import_lines(cast, [f.line("乙物流（代缴）", "500")])
    district_line = StatementLine.unscoped.get(org=cast.district)
    with acting(cast.district_admin):
        remittances.match_payer(
            actor=cast.district_admin, line=district_line, employer=cast.employer_b
        )
    f.import_lines(cast, [f.line("乙物流（代缴）", "1")], user=cast.chair_a, org=cast.union_a)
    own_line = StatementLine.unscoped.get(org=cast.union_a)
    assert own_line.status == LineStatus.UNMATCHED  # B is outside A's books

    client = login(cast.chair_a)
    page = client.post(
        reverse("funds:match", args=[own_line.pk]), {"credit_code": cast.employer_a.credit_code}
    )
    assert page.status_code == 200  # the form again, with the refusal on it
    assert "不能在此更改" in page.content.decode()
    response = _match(client, own_line, cast.employer_a)

    assert response.status_code == 422, response.content
    assert "employer" in response.json()["errors"]
    assert PayerAlias.unscoped.get().employer == cast.employer_b
    before_a, before_b = _bank(cast.union_a), _bank(cast.union_b)
    assert f.import_lines(cast, [f.line("乙物流（代缴）", "1000")])["已入账"] == 1
    assert _bank(cast.union_a) == before_a
    assert _bank(cast.union_b) > before_b


def test_a_match_made_in_a_union_does_not_steer_the_district_statement(cast, login):
    """Union A matches a payer named like union B's employer to its own employer in its own
    books. The district's statement, where that name is B's employer, still posts to B."""
    f.rules(cast)
    f.import_lines(cast, [f.line(cast.employer_b.name, "1")], user=cast.chair_a, org=cast.union_a)
    own_line = StatementLine.unscoped.get(org=cast.union_a)
    assert _match(login(cast.chair_a), own_line, cast.employer_a).status_code == 200

    before_a, before_b = _bank(cast.union_a), _bank(cast.union_b)
    assert f.import_lines(cast, [f.line(cast.employer_b.name, "1000")])["已入账"] == 1
    assert _bank(cast.union_a) == before_a
    assert _bank(cast.union_b) > before_b


# --- honours: the nominee named beside the nominating union ---------------------------------


def test_a_nomination_names_a_member_of_the_nominating_union(cast, login):
    """The street admin sees unions A and B. A nomination 'by union A' of union B's member would
    put B's member (name, employer, deeds) on A's list, where chair_a reads and handles it."""
    from gonghui.honours.models import Nomination
    from tests.honours.conftest import make_member, make_round

    round_ = make_round(cast.district_admin, cast.district, title="区五一劳动奖章评选")
    b_member = make_member(cast.union_b, "乙会员李四", cast.employer_b)
    client = login(cast.street_admin)
    url = f"/api/v1/honours/rounds/{round_.pk}/nominations"
    body = {"deeds": "事迹突出", "member_id": b_member.pk}

    mixed = client.post(url, {**body, "org_code": cast.union_a.code}, "application/json")

    assert mixed.status_code == 422, mixed.content
    assert "member" in mixed.json()["errors"]
    assert not Nomination.unscoped.exists()
    own = client.post(url, {**body, "org_code": cast.union_b.code}, "application/json")
    assert own.status_code == 201, own.content


# --- contests: a team's unit beside the campaign --------------------------------------------


def test_a_campaign_team_belongs_to_a_unit_under_the_organiser(cast, login):
    """Union A runs a campaign. A team 'of union B' added to it (by an admin who sees both)
    would show A's campaign, its teams and figures to union B (a team is seen on its unit's
    branch)."""
    import datetime

    from gonghui.contests import services as contests
    from gonghui.contests.models import Team

    with acting(cast.chair_a):
        campaign = contests.create_campaign(
            actor=cast.chair_a,
            org=cast.union_a,
            theme="甲工会节能竞赛",
            start_date=datetime.date(2026, 1, 1),
            end_date=datetime.date(2026, 12, 31),
        )
    client = login(cast.district_admin)
    url = reverse("contests:team_add", args=[campaign.pk])

    response = client.post(url, {"name": "乙工会一班", "unit_code": cast.union_b.code})

    assert response.status_code in (200, 302)
    assert not Team.unscoped.filter(campaign=campaign).exists()
    with acting(cast.chair_b):
        assert not Team.objects.filter(campaign=campaign).exists()
    client.post(url, {"name": "甲工会一班", "unit_code": cast.group_a.code})
    assert Team.unscoped.filter(campaign=campaign, unit=cast.group_a).exists()


def test_a_skill_event_contestant_is_a_member_under_the_organiser(cast, login):
    """Union A runs a skill contest; union B's member entered in it would be listed, with
    scores, to union A."""
    import datetime

    from gonghui.contests import services as contests
    from gonghui.contests.models import Contestant
    from tests.honours.conftest import make_member

    with acting(cast.chair_a):
        event = contests.create_event(
            actor=cast.chair_a, org=cast.union_a, name="甲工会钳工比武",
            held_on=datetime.date(2026, 5, 1),
        )  # fmt: skip
    b_member = make_member(cast.union_b, "乙会员王五", cast.employer_b)
    a_member = make_member(cast.union_a, "甲工会会员赵六", cast.employer_a)
    client = login(cast.district_admin)
    url = reverse("contests:contestant_add", args=[event.pk])

    client.post(url, {"card_number": b_member.card_number, "number": "01"})

    assert not Contestant.unscoped.filter(event=event).exists()
    client.post(url, {"card_number": a_member.card_number, "number": "02"})
    assert list(Contestant.unscoped.filter(event=event).values_list("member", flat=True)) == [
        a_member.pk
    ]
