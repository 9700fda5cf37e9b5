"""Joint commitments tracked like contracts: workers covered, targets with figures, reminders
through the worker's schedule, district totals."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from gonghui.core import notify
from gonghui.workplace import selectors, services
from gonghui.workplace.models import JointCommitment
from tests.conftest import acting

pytestmark = pytest.mark.django_db

D = datetime.date


END = D(2026, 12, 31)


def commitment(cast, *, end=END, workers=300, employer=None):
    user = cast.chair_a if employer is None else cast.district_admin
    with acting(user):
        return services.create_commitment(
            actor=user,
            employer=employer or cast.employer_a,
            title="甲工会稳岗共同约定",
            pledges=["keep_jobs", "train"],
            start_date=D(2026, 1, 1),
            end_date=end,
            signed_on=D(2026, 1, 1),
            union_signatory="甲",
            employer_signatory="乙",
            workers_covered=workers,
        )


def test_targets_carry_figures_and_progress(cast):
    jc = commitment(cast)
    with acting(cast.chair_a):
        target = services.add_target(
            actor=cast.chair_a, commitment=jc, name="稳定岗位", target_value="300", unit="人"
        )
        with pytest.raises(ValidationError) as err:
            services.add_target(actor=cast.chair_a, commitment=jc, name="稳定岗位", target_value=1)
        assert err.value.message_dict == {"name": ["目标名称重复"]}
        with pytest.raises(ValidationError) as err:
            services.add_target(actor=cast.chair_a, commitment=jc, name="培训", target_value=0)
        assert err.value.message_dict == {"target_value": ["目标值须大于 0"]}
        services.record_target_progress(actor=cast.chair_a, target=target, actual_value="285")
    target.refresh_from_db()
    assert (target.actual_value, target.percent) == (Decimal("285.00"), Decimal("95.0"))


def test_workers_covered_is_checked(cast):
    with pytest.raises(ValidationError) as err:
        commitment(cast, workers=-1)
    assert err.value.message_dict == {"workers_covered": ["覆盖职工人数须在 0～10000000 之间"]}


def test_reminders_text_the_union_once_before_and_once_after_the_end(
    cast, django_capture_on_commit_callbacks
):
    cast.union_a.contact_phone = "13900001111"
    cast.union_a.save()
    jc = commitment(cast, end=D(2026, 10, 20))
    notify.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        assert services.send_commitment_reminders(today=D(2026, 9, 1)) == 0  # 49 days before
        assert services.send_commitment_reminders(today=D(2026, 10, 1)) == 1
        assert services.send_commitment_reminders(today=D(2026, 10, 2)) == 0  # once
        assert services.send_commitment_reminders(today=D(2026, 10, 21)) == 1  # past, unevaluated
        assert services.send_commitment_reminders(today=D(2026, 10, 22)) == 0
    texts = [m.text for m in notify.outbox]
    assert len(texts) == 2
    assert "将于2026年10月20日到期" in texts[0] and "甲工会稳岗共同约定" in texts[0]
    assert "已于2026年10月20日到期，尚未评估" in texts[1]
    assert JointCommitment.unscoped.get(pk=jc.pk).reminded == "expired"


def test_district_totals_add_up_the_subtree(cast):
    commitment(cast, end=D(2026, 12, 31), workers=300)
    commitment(cast, end=D(2026, 1, 31), workers=50)
    commitment(cast, employer=cast.employer_b, workers=120)
    with acting(cast.district_admin):
        totals = selectors.commitment_totals(cast.district, today=D(2026, 12, 15))
    assert totals["total"] == {
        "active": 3,
        "workers": 470,
        "expiring": 2,
        "overdue": 1,
        "kept": 0,
        "broken": 0,
    }
    assert [(r["org"], r["active"], r["workers"]) for r in totals["rows"]] == [
        (cast.street, 3, 470)
    ]
    with acting(cast.chair_b):
        only_b = selectors.commitment_totals(cast.union_b, today=D(2026, 12, 15))
    assert (only_b["total"]["active"], only_b["total"]["workers"]) == (1, 120)


def test_the_pages_show_targets_tracking_and_totals(cast, login):
    jc = commitment(cast, end=D(2026, 1, 31))
    client = login(cast.chair_a)
    added = client.post(
        f"/workplace/commitments/{jc.pk}/targets/",
        {"name": "技能培训", "target_value": "120", "unit": "人次"},
    )
    assert added.status_code == 302
    detail = client.get(f"/workplace/commitments/{jc.pk}/").content.decode()
    assert "技能培训" in detail and "120 人次" in detail
    assert "已到期，待评估" in detail
    listing = client.get("/workplace/commitments/").content.decode()
    assert 'id="commitment-totals"' in listing and "已到期待评估" in listing
