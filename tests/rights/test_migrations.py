"""The migration that keeps what decided a deadline, an urgency and a home's level as data
(0004): the Chinese words stored before are read back into data and worded again in the
reader's language; words it cannot read stay as written."""

import datetime

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import translation

from tests.core.test_demo_pages import _fold_in_fragments

pytestmark = pytest.mark.django_db(transaction=True)

BEFORE = [("rights", "0003_officials_training_moved_to_life")]
LATEST = [("rights", "0004_settings_kept_as_data")]


def _migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


def _old_rows(apps, cast, setting):
    WorkerRequest = apps.get_model("rights", "WorkerRequest")
    RequestEvent = apps.get_model("rights", "RequestEvent")
    HomeRating = apps.get_model("rights", "HomeRating")
    common = {
        "org_id": cast.union_a.pk,
        "origin_org_id": cast.union_a.pk,
        "channel": "app",
        "title": "t",
        "description": "d",
        "contact_phone": "",
        "due_date": datetime.date(2026, 10, 13),
    }
    wages = WorkerRequest.objects.create(
        **common,
        category="wages",
        tracking_hash="a" * 64,
        deadline_rule="诉求办理期限：欠薪讨薪（工作日） = 5（默认）",
        is_urgent=True,
        urgent_reason="欠薪涉及 40 人，达到紧急人数（欠薪诉求紧急人数 = 10（默认））",
    )
    safety = WorkerRequest.objects.create(
        **common,
        category="safety",
        tracking_hash="b" * 64,
        deadline_rule=f"诉求办理期限：安全生产与职业健康（工作日） = 1（v{setting.pk}）",
        is_urgent=True,
        urgent_reason=(
            "安全生产与职业健康类诉求一律紧急（一律紧急的诉求类别 = 安全生产与职业健康（默认））"
        ),
    )
    typed = WorkerRequest.objects.create(
        **common, category="other", tracking_hash="c" * 64, deadline_rule="按区里规定"
    )
    for kind, text in (
        ("submitted", "职工手机端"),
        ("routed", "办理期限 2026-10-13（诉求办理期限：欠薪讨薪（工作日） = 5（默认））"),
        ("urgent", "欠薪涉及 40 人，达到紧急人数（欠薪诉求紧急人数 = 10（默认））"),
        ("rated", "5 分 满意"),
        ("closed", "重复诉求 同 SQ0001"),
        ("note", "已电话联系企业负责人"),
    ):
        RequestEvent.objects.create(request_id=wages.pk, kind=kind, text=text)
    rating = HomeRating.objects.create(
        org_id=cast.union_a.pk,
        year=2026,
        level="合格职工之家",
        level_rule=(
            "职工之家评定等级 = 最低百分比：90；等级：模范职工之家；最低百分比：75；等级：合格职工之家；"
            "最低百分比：0；等级：未达标（默认）；职工之家评定有效期（年） = 3（默认）"
        ),
    )
    return wages.pk, safety.pk, typed.pk, rating.pk


def test_stored_words_become_data_worded_in_the_readers_language(cast):
    from gonghui.core import config

    _fold_in_fragments()
    setting = config.set_value(
        actor=cast.district_admin, key="rights.deadline_days.safety", value=1
    )
    try:
        ids = _old_rows(_migrate(BEFORE), cast, setting)
    finally:
        _migrate(LATEST)
    from gonghui.rights.models import HomeRating, RequestEvent, WorkerRequest

    wages, safety, typed = (WorkerRequest.unscoped.get(pk=pk) for pk in ids[:3])
    rating = HomeRating.unscoped.get(pk=ids[3])
    assert wages.deadline_basis == {
        "key": "rights.deadline_days.wages",
        "value": 5,
        "version": None,
    }
    assert wages.urgent_basis["kind"] == "wage_workers" and wages.urgent_basis["workers"] == 40
    assert safety.deadline_basis == {
        "key": "rights.deadline_days.safety",
        "value": 1,
        "version": setting.pk,
    }
    assert safety.urgent_basis["category"] == "safety"
    assert typed.deadline_basis == {"text": "按区里规定"}  # not the services' words: as written
    events = {e.kind: e for e in RequestEvent.objects.filter(request_id=wages.pk)}
    assert events["rated"].data == {"score": 5} and events["rated"].text == "满意"
    assert events["closed"].data == {"reason": "duplicate"} and events["closed"].text == "同 SQ0001"
    assert events["note"].data == {} and events["note"].text == "已电话联系企业负责人"
    # Chinese as before
    assert wages.deadline_rule == "诉求办理期限：欠薪讨薪（工作日） = 5（默认）"
    assert events["routed"].shown_text == (
        "办理期限 2026-10-13（诉求办理期限：欠薪讨薪（工作日） = 5（默认））"
    )
    assert rating.level_rule.endswith("职工之家评定有效期（年） = 3（默认）")
    # English now
    with translation.override("en"):
        assert wages.deadline_rule == (
            "Request handling deadline: Unpaid wages (working days) = 5 (Default)"
        )
        assert wages.urgent_reason == (
            "Unpaid wages involving 40 people reach the urgent head count "
            "(Urgent head count for unpaid wages = 10 (Default))"
        )
        assert safety.urgent_reason.startswith("Requests in the category Work safety")
        assert events["submitted"].shown_text == "Worker mobile app"
        assert events["routed"].shown_text.startswith("Deadline 2026-10-13 (")
        assert events["urgent"].shown_text == wages.urgent_reason
        assert events["rated"].shown_text == "5 points 满意"
        assert rating.level_rule.startswith("Workers' home grades = Minimum percentage: 90")
        assert typed.deadline_rule == "按区里规定"
