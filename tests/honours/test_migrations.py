"""The data migration that turned the fixed award choices into AwardType rows (0003): run on a
database holding a round of each kind of organiser and nominations waiting for review."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

pytestmark = pytest.mark.django_db(transaction=True)

BEFORE = [("honours", "0001_honours_rounds_nominations_scores")]
AFTER = [("honours", "0004_award_type_required")]
# Later migrations (the competition source of a nomination) are applied again afterwards.
LATEST = [("honours", "0005_nomination_contest_source")]


def _migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)


def _insert_round(cursor, code, org, user, key, pcts=(35, 20)):
    cursor.execute(
        "INSERT INTO honours_awardround (year, award_type, title, quota, nomination_deadline,"
        " min_frontline_pct, max_heads_pct, notice_working_days, rules_note, public_key,"
        " is_closed, created_at, created_by_id, org_id) VALUES"
        " (2025, %s, %s, 3, '2025-05-01', %s, %s, 5, '', %s, %s, '2025-01-01', %s, %s)",
        [code, f"轮-{code}", pcts[0], pcts[1], key * 32, False, user.pk, org.pk],
    )
    cursor.execute("SELECT id FROM honours_awardround WHERE title = %s", [f"轮-{code}"])
    return cursor.fetchone()[0]


def _insert_nomination(cursor, round_id, org, user, status):
    cursor.execute(
        "INSERT INTO honours_nomination (round_id, org_id, kind, nominee_name, unit_name,"
        " reference, is_frontline, is_enterprise_head, deeds, status, decision_reason,"
        " certificate_no, created_by_id, created_at, version) VALUES"
        " (%s, %s, 'team', %s, 'U', '', %s, %s, 'd', %s, '', '', %s, '2025-01-01', 1)",
        [round_id, org.pk, status, False, False, status, user.pk],
    )


def test_fixed_choices_become_rows_and_waiting_nominations_enter_the_chain(cast):
    try:
        _migrate(BEFORE)
        with connection.cursor() as cursor:
            district_round = _insert_round(
                cursor, "worker_pioneer", cast.district, cast.district_admin, "a", (40, 15)
            )
            union_round = _insert_round(
                cursor, "advanced_individual", cast.union_a, cast.chair_a, "b"
            )
            for status in ("nominated", "under_review"):
                _insert_nomination(cursor, district_round, cast.union_a, cast.chair_a, status)
            _insert_nomination(cursor, union_round, cast.union_a, cast.chair_a, "nominated")
        _migrate(AFTER)
    finally:
        _migrate(LATEST)
    from gonghui.honours.models import AwardRound, AwardType, Nomination

    district_types = AwardType.unscoped.filter(org=cast.district)
    assert sorted(district_types.values_list("code", flat=True)) == [
        "advanced_individual",
        "advanced_unit",
        "may_day_medal",
        "model_home",
        "worker_pioneer",
    ]
    assert district_types.get(code="may_day_medal").name == "五一劳动奖章"
    assert district_types.get(code="worker_pioneer").nominee_kind == "team"
    pioneer_round = AwardRound.unscoped.get(pk=district_round)
    assert pioneer_round.award_type == district_types.get(code="worker_pioneer")
    assert (pioneer_round.min_frontline_pct, pioneer_round.max_heads_pct) == (40, 15)
    own = AwardRound.unscoped.get(pk=union_round).award_type
    assert (own.org, own.code, own.name) == (cast.union_a, "advanced_individual", "先进个人")
    # other districts' streets have no rows of their own
    assert not AwardType.unscoped.filter(org=cast.street).exists()
    by_status = {
        (n.round_id, n.nominee_name): (n.status, n.street_org_id) for n in Nomination.unscoped.all()
    }
    assert by_status == {
        # waiting in a district round: the street reviews it first now
        (district_round, "nominated"): ("nominated", cast.street.pk),
        (district_round, "under_review"): ("under_review", None),
        # waiting in union A's own round: no street stage, straight to the organiser
        (union_round, "nominated"): ("recommended", None),
    }
