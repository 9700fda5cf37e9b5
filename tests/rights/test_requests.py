import datetime
import re

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import call_command
from django.utils import translation

from gonghui.core.models import AuditEvent, WorkflowEvent
from gonghui.core.scoping import activate
from gonghui.rights import selectors, services
from gonghui.rights.enums import Category, Channel, ClosureReason, EventKind, Status
from gonghui.rights.models import WorkerRequest
from tests.conftest import acting
from tests.core.test_demo_pages import _fold_in_fragments

from .helpers import aware, file_request, hotline_request

pytestmark = pytest.mark.django_db

HAN = re.compile(r"[\u3400-\u9fff]")


@pytest.fixture(autouse=True)
def _english():
    # the English of this branch's fragment, before `make messages` compiles it
    _fold_in_fragments()


def test_deadline_skips_national_day_and_counts_adjusted_saturday(cast):
    # Wages: 5 working days from Wed 30 Sep 2026. 1–7 Oct are holidays; Sat 10 Oct is a
    # working day (调休): 8, 9, 10, 12, 13 October.
    req, _ = file_request(cast, now=aware(datetime.date(2026, 9, 30)))
    assert req.due_date == datetime.date(2026, 10, 13)
    # kept as data (the setting, its value, the default), worded in the reader's language
    assert req.deadline_basis == {"key": "rights.deadline_days.wages", "value": 5, "version": None}
    assert req.deadline_rule == "诉求办理期限：欠薪讨薪（工作日） = 5（默认）"
    with translation.override("en"):
        assert req.deadline_rule == (
            "Request handling deadline: Unpaid wages (working days) = 5 (Default)"
        )
        routed = req.events.get(kind=EventKind.ROUTED).shown_text
        assert routed.startswith("Deadline 2026-10-13 (Request handling deadline: Unpaid wages")
        assert req.events.get(kind=EventKind.SUBMITTED).shown_text == "Worker mobile app"
    assert req.events.get(kind=EventKind.ROUTED).shown_text == (
        "办理期限 2026-10-13（诉求办理期限：欠薪讨薪（工作日） = 5（默认））"
    )


def test_deadline_across_spring_festival(cast):
    # Safety: 2 working days from Fri 13 Feb 2026: Sat 14 Feb is worked (调休), 15–23 Feb are
    # the Spring Festival holidays, so the second working day is Tue 24 Feb.
    req, _ = file_request(cast, category=Category.SAFETY, now=aware(datetime.date(2026, 2, 13)))
    assert req.due_date == datetime.date(2026, 2, 24)


def test_deadline_follows_the_setting(cast):
    from gonghui.core import config

    row = config.set_value(actor=cast.district_admin, key="rights.deadline_days.wages", value=1)
    req, _ = file_request(cast, now=aware(datetime.date(2026, 9, 30)))
    assert req.due_date == datetime.date(2026, 10, 8)
    # the version in force when it was filed, whatever the setting says later
    config.set_value(actor=cast.district_admin, key="rights.deadline_days.wages", value=7)
    assert req.deadline_rule == f"诉求办理期限：欠薪讨薪（工作日） = 1（v{row.pk}）"


def test_routing_by_employer_union_else_street(cast):
    req, _ = file_request(cast)
    assert req.org == cast.union_a
    req2, _ = services.submit_request(
        actor=None,
        category=Category.ADVICE,
        title="咨询",
        description="想咨询社保",
        street=cast.other_street,
        employer_name="某小店",
        contact_name="王五",
        contact_phone="13700001111",
    )
    assert req2.org == cast.other_street


def test_urgent_wage_arrears_for_many_workers_flagged_to_district(cast):
    small, _ = file_request(cast, affected=3)
    big, _ = file_request(cast, affected=40)
    assert not small.is_urgent
    assert big.is_urgent and "40" in big.urgent_reason and "紧急人数" in big.urgent_reason
    assert big.urgent_reason == "欠薪涉及 40 人，达到紧急人数（欠薪诉求紧急人数 = 10（默认））"
    assert small.urgent_reason == "" and small.urgent_basis == {}
    with translation.override("en"):
        assert big.urgent_reason == (
            "Unpaid wages involving 40 people reach the urgent head count "
            "(Urgent head count for unpaid wages = 10 (Default))"
        )
        assert big.events.get(kind=EventKind.URGENT).shown_text == big.urgent_reason
    with acting(cast.district_admin):
        assert list(selectors.urgent_requests()) == [big]
        assert selectors.unacknowledged_urgent_count() == 1
        services.acknowledge_urgent(actor=cast.district_admin, request=big)
        assert selectors.unacknowledged_urgent_count() == 0


def test_urgent_category_named_in_the_readers_language(cast):
    safety, _ = file_request(cast, category=Category.SAFETY)
    assert safety.urgent_reason == (
        "安全生产与职业健康类诉求一律紧急（一律紧急的诉求类别 = 安全生产与职业健康（默认））"
    )
    with translation.override("en"):
        assert safety.urgent_reason == (
            "Requests in the category Work safety and occupational health are always urgent "
            "(Categories always urgent = Work safety and occupational health (Default))"
        )


def test_urgent_request_is_a_home_task_for_district_staff(cast, login):
    from gonghui.rights import home

    file_request(cast, category=Category.SAFETY)
    with acting(cast.district_admin) as assignment:
        from gonghui.core.access import scope_for_assignment

        tasks = {t["label"]: t["count"] for t in home.tasks(scope_for_assignment(assignment))}
    assert tasks["紧急职工诉求（待区总工会确认）"] == 1
    page = login(cast.district_admin).get("/rights/urgent/").content.decode()
    assert "甲工会拖欠工资" in page and "一律紧急" in page
    assert login(cast.chair_a).get("/rights/urgent/").status_code == 403


def test_full_flow_assign_answer_rate(cast):
    req, _ = file_request(cast, now=aware(datetime.date(2026, 9, 30)))
    with acting(cast.chair_a):
        services.assign_request(actor=cast.chair_a, request=req, handler=cast.staff_a)
        services.add_note(actor=cast.chair_a, request=req, text="已电话联系企业负责人")
        services.answer_request(
            actor=cast.chair_a,
            request=req,
            text="企业承诺月底前补发",
            now=aware(datetime.date(2026, 10, 12)),
        )
    with acting(cast.member_user):
        services.rate_request(actor=cast.member_user, request=req, score=5, comment="满意")
    req.refresh_from_db()
    assert req.status == Status.CLOSED
    assert req.answered_on_time is True
    assert (req.rating, req.closure_reason) == (5, ClosureReason.RATED)
    kinds = list(req.events.values_list("kind", flat=True))
    assert kinds == ["submitted", "routed", "assigned", "note", "answered", "rated"]
    rated = req.events.get(kind=EventKind.RATED)
    assert (rated.text, rated.data) == ("满意", {"score": 5})  # the worker's words as written
    assert rated.shown_text == "5 分 满意"
    with translation.override("en"):
        assert rated.shown_text == "5 points 满意"


def test_closing_line_names_the_reason_in_the_readers_language(cast):
    req, _ = hotline_request(cast)
    with acting(cast.chair_a):
        services.close_request(
            actor=cast.chair_a, request=req, reason=ClosureReason.DUPLICATE, note="同 SQ0001"
        )
    closed = req.events.get(kind=EventKind.CLOSED)
    assert (closed.text, closed.data) == ("同 SQ0001", {"reason": "duplicate"})
    step = WorkflowEvent.objects.get(object_id=str(req.pk), transition="close")
    assert (step.reason, step.data) == ("同 SQ0001", {"reason": "duplicate"})  # note as typed
    with translation.override("zh-hans"):
        assert services.step_note(step) == "重复诉求 同 SQ0001"
    with translation.override("en"):
        assert services.step_note(step) == f"{ClosureReason.DUPLICATE.label} 同 SQ0001"
    assert closed.shown_text == "重复诉求 同 SQ0001"
    with translation.override("en"):
        assert closed.shown_text == f"{ClosureReason.DUPLICATE.label} 同 SQ0001"
        assert not HAN.search(str(ClosureReason.DUPLICATE.label))


def test_steps_stored_as_text_are_read_back_into_data(cast):
    """0005: an old escalation step takes the data of its timeline line; an old closing step
    its reason's code and the note; a reason that is no closure label stays as written."""
    import importlib

    from django.apps import apps as django_apps

    migration = importlib.import_module("gonghui.rights.migrations.0005_request_steps_kept_as_data")
    req, _ = file_request(cast, now=aware(datetime.date(2026, 9, 30)))
    assert services.escalate_overdue(now=aware(datetime.date(2026, 10, 14))) == 1
    with acting(cast.street_admin):
        services.close_request(
            actor=cast.street_admin, request=req, reason=ClosureReason.WITHDRAWN, note="已协商"
        )
    other, _ = hotline_request(cast)
    with acting(cast.chair_a):
        services.close_request(actor=cast.chair_a, request=other, reason=ClosureReason.DUPLICATE)
    steps = WorkflowEvent.objects.filter(transition__in=["escalate", "close"])
    kept = {s.pk: (s.data, s.reason) for s in steps}
    with translation.override("zh-hans"):
        for step in steps:
            WorkflowEvent.objects.filter(pk=step.pk).update(
                data={}, reason=services.step_note(step)
            )
    typed = WorkflowEvent.objects.get(object_id=str(other.pk), transition="close")
    WorkflowEvent.objects.filter(pk=typed.pk).update(reason="按职工电话要求")
    migration.to_data(django_apps, None)
    for step in WorkflowEvent.objects.filter(pk__in=kept).exclude(pk=typed.pk):
        assert (step.data, step.reason) == kept[step.pk]
    typed.refresh_from_db()
    assert (typed.data, typed.reason) == ({}, "按职工电话要求")
    migration.to_text(django_apps, None)
    closing = WorkflowEvent.objects.get(object_id=str(req.pk), transition="close")
    assert (closing.data, closing.reason) == ({}, "职工撤回 已协商")


def test_reopen_once_only(cast):
    req, _ = file_request(cast)
    with acting(cast.chair_a):
        services.assign_request(actor=cast.chair_a, request=req, handler=cast.chair_a)
        services.answer_request(actor=cast.chair_a, request=req, text="已答复")
    with acting(cast.member_user):
        services.reopen_request(actor=cast.member_user, request=req, reason="企业仍未发放")
    req.refresh_from_db()
    assert (req.status, req.reopen_count) == (Status.IN_PROGRESS, 1)
    with acting(cast.chair_a):
        services.answer_request(actor=cast.chair_a, request=req, text="再次督办")
    with acting(cast.member_user), pytest.raises(PermissionDenied, match="一次"):
        services.reopen_request(actor=cast.member_user, request=req, reason="还是不行")


def test_worker_cannot_rate_someone_elses_request(cast):
    req, _ = file_request(cast)
    from django.http import Http404

    with acting(cast.chair_b), pytest.raises(Http404):
        services.rate_request(actor=cast.chair_b, request=req, score=1)


def test_escalation_when_overdue(cast):
    req, _ = file_request(cast, now=aware(datetime.date(2026, 9, 30)))  # due 13 Oct
    assert services.escalate_overdue(now=aware(datetime.date(2026, 10, 13))) == 0
    assert services.escalate_overdue(now=aware(datetime.date(2026, 10, 14))) == 1
    req.refresh_from_db()
    assert req.org == cast.street
    assert req.status == Status.NEW and req.handler is None and req.escalation_count == 1
    # Three working days for the street from 14 Oct: 15, 16, 19 October.
    assert req.due_date == datetime.date(2026, 10, 19)
    event = req.events.get(kind=EventKind.ESCALATED)
    assert (event.from_org, event.to_org) == (cast.union_a, cast.street)
    assert "自动升级" in event.shown_text and event.text == ""
    assert event.shown_text == (
        f"超过办理期限 2026-10-13 未答复，自动升级至{cast.street.name}，新期限 2026-10-19"
        "（逾期升级后上级工会办理期限（工作日） = 3（默认））"
    )
    with translation.override("en"):
        assert event.shown_text == (
            f"No reply by the deadline 2026-10-13: escalated to {cast.street.name}, new deadline"
            " 2026-10-19 (Deadline at the higher union after escalation (working days) = 3"
            " (Default))"
        )
        assert not HAN.search(req.deadline_rule)
    step = WorkflowEvent.objects.get(object_id=str(req.pk), transition="escalate")
    assert (step.reason, step.data) == ("", event.data)  # the system's words are data
    with translation.override("zh-hans"):
        assert services.step_note(step) == event.shown_text
    with translation.override("en"):
        assert services.step_note(step).startswith("No reply by the deadline 2026-10-13")
    assert (
        AuditEvent.unscoped.filter(action="rights.request.escalate", object_id=str(req.pk)).count()
        == 1
    )
    # Union A no longer holds it; the street does.
    with acting(cast.chair_a):
        assert not WorkerRequest.objects.filter(pk=req.pk).exists()
    with acting(cast.street_admin):
        assert WorkerRequest.objects.filter(pk=req.pk).exists()
    # Not escalated again before the new deadline passes; then on to the district.
    assert services.escalate_overdue(now=aware(datetime.date(2026, 10, 19))) == 0
    assert services.escalate_overdue(now=aware(datetime.date(2026, 10, 20))) == 1
    req.refresh_from_db()
    assert req.org == cast.district
    # The district is the top: it stays there.
    assert services.escalate_overdue(now=aware(datetime.date(2026, 12, 1))) == 0


def test_escalate_command_moves_overdue_requests(cast):
    req, _ = file_request(cast, now=aware(datetime.date(2020, 1, 6)))
    call_command("escalate_requests")
    req.refresh_from_db()
    assert req.org == cast.street


def test_reminder_written_once(cast):
    req, _ = file_request(cast, now=aware(datetime.date(2026, 9, 30)))  # due 13 Oct
    assert services.send_reminders(now=aware(datetime.date(2026, 10, 12))) == 1
    assert services.send_reminders(now=aware(datetime.date(2026, 10, 12))) == 0
    assert req.events.filter(kind=EventKind.REMINDER).count() == 1
    reminder = req.events.get(kind=EventKind.REMINDER)
    assert reminder.shown_text == "将于 2026-10-13 到期（到期提醒提前量（工作日） = 1（默认））"
    with translation.override("en"):
        assert reminder.shown_text == (
            "Due on 2026-10-13 (Reminder ahead of the deadline (working days) = 1 (Default))"
        )


def test_transfer_needs_reason_and_moves_request(cast):
    req, _ = hotline_request(cast)
    with acting(cast.chair_a), pytest.raises(ValidationError):
        services.transfer_request(actor=cast.chair_a, request=req, to_org=cast.union_b, reason=" ")
    with acting(cast.chair_a):
        services.transfer_request(
            actor=cast.chair_a,
            request=req,
            to_org=cast.union_b,
            reason="该职工实际用人单位为乙公司",
        )
    req.refresh_from_db()
    assert req.org == cast.union_b
    assert req.events.get(kind=EventKind.TRANSFERRED).text == "该职工实际用人单位为乙公司"


def test_anonymous_request_cannot_be_traced_to_its_sender(cast):
    from gonghui.core import audit

    token = audit.client_ip.set("203.0.113.7")
    try:
        req, code = file_request(cast, category=Category.SAFETY, anonymous=True)
    finally:
        audit.client_ip.reset(token)
    row = WorkerRequest.unscoped.get(pk=req.pk)
    assert row.submitter is None and row.member is None and row.entered_by is None
    assert row.contact_name == "" and row.contact_phone == "" and row.contact_phone_index == ""
    assert row.received_at.minute == 0 and row.received_at.second == 0
    assert row.tracking_hash and code.replace("-", "") not in row.tracking_hash
    events = AuditEvent.unscoped.filter(object_id=str(req.pk), object_type="rights.workerrequest")
    assert events.count() == 1
    event = events.get()
    assert (event.actor, event.actor_name, event.ip, event.role) == (None, "", None, "")
    assert (event.at.minute, event.at.second, event.at.microsecond) == (0, 0, 0)
    assert not req.events.exclude(actor=None).exists()
    # Nothing the handler sees names the sender.
    from django.test import Client

    client = Client()
    client.force_login(cast.chair_a)
    page = client.get(f"/rights/{req.pk}/").content.decode()
    assert "甲会员" not in page and "member-a" not in page and "匿名" in page
    # The worker follows it with the code only, and the rating stays untraceable too.
    with acting(cast.chair_a):
        services.assign_request(actor=cast.chair_a, request=req, handler=cast.chair_a)
        services.answer_request(actor=cast.chair_a, request=req, text="已督促整改")
    services.rate_request(actor=None, tracking_code=code, score=4)
    rate = AuditEvent.unscoped.get(action="rights.request.rate", object_id=str(req.pk))
    assert (rate.actor, rate.ip) == (None, None)


def test_anonymous_refused_for_categories_not_allowed(cast):
    with pytest.raises(ValidationError, match="匿名"):
        file_request(cast, category=Category.CONTRACT, anonymous=True)
    with translation.override("en"), pytest.raises(ValidationError) as refused:
        file_request(cast, category=Category.CONTRACT, anonymous=True)
    (message,) = refused.value.message_dict["anonymous"]
    assert message.startswith("This category does not accept anonymous requests (")
    assert message.endswith(" (Default))") and not HAN.search(message)


def test_public_intake_needs_phone_and_stores_it_encrypted(cast):
    with pytest.raises(ValidationError):
        services.submit_request(
            actor=None,
            category=Category.WAGES,
            title="欠薪",
            description="x",
            street=cast.street,
            contact_name="王五",
        )
    req, code = services.submit_request(
        actor=None,
        category=Category.WAGES,
        title="欠薪",
        description="x",
        street=cast.street,
        contact_name="王五",
        contact_phone="137-0000-1111",
    )
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT contact_phone FROM rights_workerrequest WHERE id = %s", [req.pk])
        stored = cursor.fetchone()[0]
    assert "13700001111" not in stored
    assert req.contact_phone_masked == "137****1111"
    assert selectors.request_by_tracking_code(code) == req


def test_chair_b_sees_none_of_union_a_requests(cast, login):
    req, _ = file_request(cast)
    with acting(cast.chair_b):
        assert list(selectors.request_queue()) == []
    client = login(cast.chair_b)
    assert client.get(f"/rights/{req.pk}/").status_code == 404
    listing = client.get("/rights/").content.decode()
    assert "甲工会" not in listing
    assert client.get(f"/api/v1/rights/requests/{req.pk}").status_code == 404
    assert "甲工会" not in client.get("/api/v1/rights/requests/").content.decode()


def test_worker_sees_only_own_requests(cast, login):
    mine, _ = file_request(cast)
    other, _ = hotline_request(cast)
    with acting(cast.member_user):
        assert list(selectors.requests_of_worker(cast.member_user)) == [mine]
    client = login(cast.member_user)
    assert client.get(f"/rights/mine/{mine.pk}/").status_code == 200
    assert client.get(f"/rights/mine/{other.pk}/").status_code == 404
    assert client.get(f"/rights/{mine.pk}/").status_code in (403, 404)
    assert client.get("/rights/").status_code == 403
    ids = [r["id"] for r in client.get("/api/v1/rights/mine").json()["items"]]
    assert ids == [mine.pk]


def test_staff_intake_by_hotline_routes_and_records_staff(cast):
    req, _ = hotline_request(cast)
    assert req.channel == Channel.HOTLINE and req.entered_by == cast.chair_a
    assert req.submitter is None and req.org == cast.union_a


def test_member_cannot_enter_hotline_calls(cast):
    with acting(cast.member_user), pytest.raises(PermissionDenied):
        services.submit_request(
            actor=cast.member_user,
            category=Category.OTHER,
            channel=Channel.HOTLINE,
            title="x",
            description="y",
            contact_name="a",
            contact_phone="13800000000",
        )


def test_system_scope_is_not_left_active(cast):
    file_request(cast, now=aware(datetime.date(2020, 1, 6)))
    services.escalate_overdue()
    from gonghui.core.scoping import current_scope

    with activate(None):
        assert current_scope(required=False) is None


def test_open_requests_keep_union_from_dissolving_and_move_on_merge(cast):
    from gonghui.orgs import services as org_services

    req, _ = file_request(cast)
    with acting(cast.district_admin), pytest.raises(ValidationError, match="记录"):
        org_services.dissolve_org(actor=cast.district_admin, org=cast.union_a, reason="注销")
    with acting(cast.district_admin):
        org_services.merge_org(
            actor=cast.district_admin, source=cast.union_a, target=cast.union_b, reason="企业合并"
        )
    req.refresh_from_db()
    assert req.org == cast.union_b
    moved = req.events.get(kind=EventKind.TRANSFERRED, to_org=cast.union_b)
    assert moved.shown_text == "原承办工会已合并"
    with translation.override("en"):
        assert moved.shown_text == "The original handling union has been merged"
