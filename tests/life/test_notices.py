import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from gonghui.core import notify
from gonghui.core.models import AuditEvent
from gonghui.core.workdays import add_working_days
from gonghui.life import selectors
from gonghui.life.models import Notice, NoticeReceipt
from gonghui.life.services import notices
from tests.conftest import MARKER_A, acting
from tests.life.factories import link_member, make_member, make_notice

pytestmark = pytest.mark.django_db


def test_clean_html_strips_scripts_and_handlers():
    dirty = (
        '<p onclick="x()">好<script>alert(1)</script></p><a href="javascript:x">链接</a><b>粗</b>'
    )
    assert notices.clean_html(dirty) == '<p>好</p><a rel="noopener noreferrer">链接</a><b>粗</b>'


def test_draft_to_chosen_streets_addresses_exactly_them(cast):
    n = make_notice(cast.district_admin, cast.district, reach="chosen",
                    targets=[cast.street, cast.other_street], publish=False)  # fmt: skip
    assert set(NoticeReceipt.unscoped.filter(notice=n).values_list("org__code", flat=True)) == {
        "S1",
        "S2",
    }
    assert n.status == "draft"


def test_subtree_notice_of_district_skips_groups(cast):
    n = make_notice(cast.district_admin, cast.district)
    codes = set(NoticeReceipt.unscoped.filter(notice=n).values_list("org__code", flat=True))
    assert codes == {"S1", "S2", "A", "B"}


def test_chosen_union_outside_subtree_is_refused(cast):
    with pytest.raises(ValidationError) as exc:
        make_notice(cast.chair_a, cast.union_a, reach="chosen", targets=[cast.union_b])
    assert exc.value.message_dict == {"targets": ["请选择本级以下的工会"]}


def test_publish_sets_due_date_in_working_days(cast):
    n = make_notice(cast.district_admin, cast.district, publish=False, response="confirm",
                    due_working_days=5)  # fmt: skip
    with acting(cast.district_admin):
        notices.publish_notice(
            actor=cast.district_admin, notice=n, today=datetime.date(2026, 9, 30)
        )
    n.refresh_from_db()
    assert n.due_on == add_working_days(datetime.date(2026, 9, 30), 5)
    assert n.due_on > datetime.date(2026, 10, 8)  # the national-day holiday is not counted
    assert n.status == "published"
    assert AuditEvent.objects.filter(action="life.notice.publish").count() == 1


def test_sibling_sees_nothing_of_a_notice_to_union_a(cast):
    make_notice(cast.street_admin, cast.street, reach="chosen", targets=[cast.union_a])
    with acting(cast.chair_b):
        assert list(Notice.objects.all()) == []
    with acting(cast.chair_a):
        assert [n.title for n in Notice.objects.all()] == [f"{MARKER_A}通知"]


def test_confirm_and_receipts_roll_up_for_the_sender(cast):
    n = make_notice(cast.district_admin, cast.district, reach="chosen", response="confirm",
                    due_working_days=3, targets=[cast.street, cast.other_street])  # fmt: skip
    with acting(cast.street_admin):
        notices.mark_notice_read(actor=cast.street_admin, notice=n)
        notices.respond_to_notice(actor=cast.street_admin, notice=n)
    with acting(cast.district_admin):
        receipts, rollup = selectors.receipt_rollup(n)
    assert [(r.org.code, r.read_at is not None, r.responded_at is not None) for r in receipts] == [
        ("S1", True, True),
        ("S2", False, False),
    ]
    assert [(r["name"], r["total"], r["read"], r["responded"]) for r in rollup] == [
        ("测试街道工会", 1, 1, 1),
        ("另一街道工会", 1, 0, 0),
    ]


def test_respond_twice_is_refused(cast):
    n = make_notice(cast.street_admin, cast.street, response="confirm", due_working_days=3)
    with acting(cast.chair_a):
        notices.respond_to_notice(actor=cast.chair_a, notice=n)
        with pytest.raises(ValidationError):
            notices.respond_to_notice(actor=cast.chair_a, notice=n)


def test_reply_needs_text(cast):
    n = make_notice(cast.street_admin, cast.street, response="reply", due_working_days=3)
    with acting(cast.chair_a), pytest.raises(ValidationError) as exc:
        notices.respond_to_notice(actor=cast.chair_a, notice=n, reply=" ")
    assert exc.value.message_dict == {"reply": ["请填写回复内容"]}


def test_union_not_addressed_cannot_respond(cast):
    n = make_notice(cast.street_admin, cast.street, reach="chosen", targets=[cast.union_b],
                    response="confirm", due_working_days=3)  # fmt: skip
    with acting(cast.street_admin), pytest.raises(PermissionDenied):
        notices.respond_to_notice(actor=cast.street_admin, notice=n)


def test_member_sees_notices_for_members_that_reached_their_union(cast):
    member = link_member(cast.member_user, cast.union_a, "甲会员")
    make_notice(cast.district_admin, cast.district, title="全区会员", audience="members")
    make_notice(cast.district_admin, cast.district, title="仅工作人员", audience="staff")
    make_notice(
        cast.street_admin, cast.street, title="给乙", reach="chosen", targets=[cast.union_b]
    )
    make_notice(cast.district_admin, cast.district, title="过期", expires_on=datetime.date.today())
    Notice.unscoped.filter(title="过期").update(
        expires_on=datetime.date.today() - datetime.timedelta(days=1)
    )
    make_notice(cast.district_admin, cast.district, title="草稿", publish=False)
    assert [n.title for n in selectors.notices_for_member(member)] == ["全区会员"]


def test_pinned_notice_comes_first_for_members(cast):
    member = make_member(cast.union_a, "甲二")
    make_notice(cast.district_admin, cast.district, title="置顶", pinned=True)
    make_notice(cast.district_admin, cast.district, title="后发")
    assert [n.title for n in selectors.notices_for_member(member)] == ["置顶", "后发"]


def test_attachment_type_is_sniffed(cast):
    n = make_notice(cast.chair_a, cast.union_a, publish=False)
    fake = SimpleUploadedFile("方案.pdf", b"MZ\x90\x00 not a pdf", content_type="application/pdf")
    with acting(cast.chair_a):
        with pytest.raises(ValidationError) as exc:
            notices.add_notice_attachment(actor=cast.chair_a, notice=n, upload=fake)
        assert exc.value.message_dict == {"file": ["文件内容与扩展名不符"]}
        good = SimpleUploadedFile("方案.pdf", b"%PDF-1.4 ok", content_type="application/pdf")
        a = notices.add_notice_attachment(actor=cast.chair_a, notice=n, upload=good)
    assert (a.original_name, a.content_type, a.size) == ("方案.pdf", "application/pdf", 11)


def test_attachment_size_limit(cast, settings):
    n = make_notice(cast.chair_a, cast.union_a, publish=False)
    big = SimpleUploadedFile("大.png", b"\x89PNG\r\n\x1a\n" + b"0" * (10 * 1024 * 1024))
    with acting(cast.chair_a), pytest.raises(ValidationError) as exc:
        notices.add_notice_attachment(actor=cast.chair_a, notice=n, upload=big)
    assert exc.value.message_dict == {"file": ["文件不能超过 10 MB"]}


def test_reminders_text_unanswered_unions_once_a_day(
    cast, settings, django_capture_on_commit_callbacks
):
    settings.GONGHUI_SMS_BACKEND = "gonghui.core.notify.LocmemBackend"
    notify.outbox.clear()
    cast.union_a.contact_phone = "13800138000"
    cast.union_a.save()
    today = datetime.date(2026, 6, 1)  # a Monday; due the next working day
    n = make_notice(cast.street_admin, cast.street, reach="chosen", response="confirm",
                    due_working_days=1, targets=[cast.union_a, cast.union_b])  # fmt: skip
    Notice.unscoped.filter(pk=n.pk).update(due_on=datetime.date(2026, 6, 2))
    with django_capture_on_commit_callbacks(execute=True):
        sent_first = notices.send_notice_reminders(today=today)  # union B has no contact phone
        sent_again = notices.send_notice_reminders(today=today)
    assert (sent_first, sent_again) == (1, 0)
    assert [(m.phone, m.template_key) for m in notify.outbox] == [
        ("13800138000", "life.notice_reminder")
    ]
    assert notify.outbox[0].text == (
        f"【测试区总工会】{MARKER_A}（甲公司工会）：通知《{MARKER_A}通知》需在06月02日前确认收到，"
        "请登录工会工作平台办理。"
    )
    notify.outbox.clear()


def test_no_reminder_once_confirmed_or_far_from_due(cast, settings):
    cast.union_a.contact_phone = "13800138000"
    cast.union_a.save()
    n = make_notice(cast.street_admin, cast.street, reach="chosen", response="confirm",
                    due_working_days=1, targets=[cast.union_a])  # fmt: skip
    Notice.unscoped.filter(pk=n.pk).update(due_on=datetime.date(2026, 6, 12))
    assert notices.send_notice_reminders(today=datetime.date(2026, 6, 1)) == 0
    with acting(cast.chair_a):
        notices.respond_to_notice(actor=cast.chair_a, notice=Notice.unscoped.get(pk=n.pk))
    assert notices.send_notice_reminders(today=datetime.date(2026, 6, 11)) == 0


def test_the_daily_task_sends_the_reminders(cast):
    from gonghui.life.tasks import remind_notices

    assert remind_notices.call() == {"reminded": 0}
