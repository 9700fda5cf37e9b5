import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from gonghui.core import audit, config, workdays
from gonghui.core.models import AuditEvent, CalendarDay
from gonghui.core.workflow import Transition, Workflow, history
from gonghui.orgs import services
from gonghui.orgs.models import Org
from tests.conftest import acting

pytestmark = pytest.mark.django_db


def test_service_write_records_audit_event_in_same_transaction(cast):
    with acting(cast.chair_a):
        services.update_org(actor=cast.chair_a, org=cast.union_a, name="甲工会（新名）")
    event = AuditEvent.unscoped.get(action="orgs.org.update")
    assert event.actor == cast.chair_a
    assert event.org == cast.union_a
    assert event.changes["name"][1] == "甲工会（新名）"
    assert event.role == "union_admin"


def test_audit_events_cannot_be_changed_or_deleted(cast):
    with acting(cast.chair_a):
        event = audit.record(cast.chair_a, "core.test.thing", cast.union_a)
    event.action = "x"
    with pytest.raises(PermissionError):
        event.save()
    with pytest.raises(PermissionError):
        event.delete()
    with pytest.raises(PermissionError):
        AuditEvent.unscoped.all().update(action="x")
    with pytest.raises(PermissionError):
        AuditEvent.unscoped.all().delete()


def test_audit_page_is_for_district_admins_and_filters(cast, login):
    with acting(cast.chair_a):
        services.update_org(actor=cast.chair_a, org=cast.union_a, name="甲工会改名")
    with acting(cast.chair_b):
        services.update_org(actor=cast.chair_b, org=cast.union_b, name="乙工会改名")
    assert login(cast.chair_a).get("/audit/").status_code == 403
    page = login(cast.district_admin).get("/audit/", {"org": "A"}).content.decode()
    assert "甲工会改名" in page and "乙工会改名" not in page
    page = login(cast.district_admin).get("/audit/", {"actor": "乙主席"}).content.decode()
    assert "乙工会改名" in page and "甲工会改名" not in page


def test_stale_edit_is_refused(cast):
    with acting(cast.chair_a):
        services.update_org(actor=cast.chair_a, org=cast.union_a, version=1, name="甲一")
        with pytest.raises(ValidationError, match="已被他人修改"):
            services.update_org(actor=cast.chair_a, org=cast.union_a, version=1, name="甲二")


WF = Workflow(
    "status",
    [
        Transition(
            "approve",
            ("submitted",),
            "approved",
            "orgs.change_org",
            "批准",
            guard=lambda obj, actor: "不能批准自己提交的" if actor.username == "chair-a" else None,
        ),
        Transition("return", ("submitted",), "draft", "orgs.view_org", "退回", needs_reason=True),
    ],
)


def test_workflow_checks_state_permission_guard_and_reason(cast):
    org = cast.union_a
    org.status = "submitted"
    with acting(cast.staff_a), pytest.raises(PermissionDenied):
        WF.apply(org, "approve", actor=cast.staff_a)
    with acting(cast.chair_a), pytest.raises(PermissionDenied, match="自己"):
        WF.apply(org, "approve", actor=cast.chair_a)
    with acting(cast.staff_a), pytest.raises(ValidationError, match="理由"):
        WF.apply(org, "return", actor=cast.staff_a)
    with acting(cast.street_admin):
        WF.apply(org, "approve", actor=cast.street_admin)
    assert Org.objects.get(pk=org.pk).status == "approved"
    with acting(cast.street_admin), pytest.raises(ValidationError):
        WF.apply(org, "approve", actor=cast.street_admin)
    assert [e.transition for e in history(org)] == ["approve"]


def test_settings_are_versioned_and_described(cast):
    assert config.get("orgs.term_warning_days") == 90
    assert "默认" in config.describe("orgs.term_warning_days")
    config.set_value(actor=cast.district_admin, key="orgs.term_warning_days", value=60)
    assert config.get("orgs.term_warning_days") == 60
    assert "60" in config.describe("orgs.term_warning_days")
    config.set_value(
        actor=cast.district_admin, key="orgs.term_warning_days", value=30, org=cast.union_a
    )
    assert config.get("orgs.term_warning_days", org=cast.group_a) == 30
    assert config.get("orgs.term_warning_days", org=cast.union_b) == 60


def test_settings_page_edit_by_district_admin_only(cast, login):
    assert (
        login(cast.chair_a)
        .post("/settings/orgs.term_warning_days/", {"value": "10", "note": "x"})
        .status_code
        == 403
    )
    response = login(cast.district_admin).post(
        "/settings/orgs.term_warning_days/", {"value": "45", "note": "按区里新规定"}
    )
    assert response.status_code == 302
    assert response["Location"] == "/settings/#m-orgs"  # back to the module's rules
    assert config.get("orgs.term_warning_days") == 45
    assert AuditEvent.unscoped.filter(action="core.setting.change").exists()


def test_working_days_across_national_day_2026():
    # 2026-09-30 (Wed) + 5 working days: 10-01..10-07 are holidays, 10-10 (Sat) is a working day.
    assert workdays.add_working_days(datetime.date(2026, 9, 30), 5) == datetime.date(2026, 10, 13)
    assert workdays.is_workday(datetime.date(2026, 10, 10)) is True


def test_district_calendar_overrides_and_unknown_years(cast):
    CalendarDay.objects.create(date=datetime.date(2026, 6, 1), is_workday=False, note="区里放假")
    assert workdays.is_workday(datetime.date(2026, 6, 1)) is False
    assert workdays.is_workday(datetime.date(2031, 3, 3)) is True  # the package does not know 2031
    assert workdays.working_days_between(datetime.date(2031, 3, 6), datetime.date(2031, 3, 10)) == 2


def test_audit_filter_by_object_type_and_id(cast, login):
    with acting(cast.chair_a):
        audit.record(cast.chair_a, "core.sensitive.reveal", cast.employer_a, extra={"field": "x"})
        audit.record(cast.chair_a, "core.sensitive.reveal", cast.employer_b, extra={"field": "x"})
    client = login(cast.district_admin)
    page = client.get("/audit/", {"object": f"orgs.employer#{cast.employer_a.pk}"}).content.decode()
    assert cast.employer_a.name in page and cast.employer_b.name not in page
