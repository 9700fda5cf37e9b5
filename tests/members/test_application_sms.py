"""Journey 2: "next day he gets a message that he was approved". Deciding an online joining
application texts the applicant once, after the decision is committed."""

import pytest
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from gonghui.core import notify
from gonghui.core.models import SmsMessage
from gonghui.members import services
from gonghui.members.models import ApplicationStatus, JoinApplication, Member
from tests.conftest import acting
from tests.members.helpers import new_id

pytestmark = pytest.mark.django_db

PHONE = "13700001111"


@pytest.fixture(autouse=True)
def _locmem(settings):
    settings.GONGHUI_SMS_BACKEND = "gonghui.core.notify.LocmemBackend"
    settings.GONGHUI_SITE_URL = "https://gonghui.example.cn"
    notify.outbox.clear()
    yield
    notify.outbox.clear()


def _application(cast, org=None):
    return JoinApplication.unscoped.create(
        org=org or cast.union_a,
        name="骑手小王",
        id_number=new_id(),
        phone=PHONE,
        employer_name="闪送达",
        employment_form="new_form",
        consent_at=timezone.now(),
        consent_version="2025-01",
    )


def test_approval_texts_the_applicant_once_with_the_union(cast, django_capture_on_commit_callbacks):
    application = _application(cast)
    with django_capture_on_commit_callbacks(execute=True), acting(cast.chair_a):
        services.approve_application(actor=cast.chair_a, application=application)
    assert len(notify.outbox) == 1
    sms = notify.outbox[0]
    assert sms.phone == PHONE
    assert sms.text == (
        f"【测试区总工会】您的入会申请已通过，欢迎加入{cast.union_a.name}。"
        "激活会员账号后可在手机上查看电子会员证：https://gonghui.example.cn/m/activate/"
    )
    message = SmsMessage.unscoped.get()
    assert message.status == SmsMessage.Status.SENT
    assert message.related_type == "members.joinapplication"
    assert message.related_id == str(application.pk) and message.org == cast.union_a
    # Params say what the message says, nothing about the person.
    assert set(message.params) == {"sign", "union", "url"}
    assert "骑手小王" not in str(message.params) and PHONE not in str(message.params)


def test_rejection_texts_the_reason(cast, django_capture_on_commit_callbacks):
    application = _application(cast)
    with django_capture_on_commit_callbacks(execute=True), acting(cast.chair_a):
        services.reject_application(
            actor=cast.chair_a, application=application, reason="  工作单位不在本工会覆盖范围  "
        )
    assert [m.phone for m in notify.outbox] == [PHONE]
    text = notify.outbox[0].text
    assert "未获批准" in text and "理由：工作单位不在本工会覆盖范围。" in text
    assert cast.union_a.name in text and "通过" not in text


def test_rolled_back_approval_sends_nothing(cast, django_capture_on_commit_callbacks):
    application = _application(cast)
    with django_capture_on_commit_callbacks(execute=True) as callbacks, acting(cast.chair_a):
        with pytest.raises(RuntimeError), transaction.atomic():
            services.approve_application(actor=cast.chair_a, application=application)
            raise RuntimeError("the caller's transaction fails after the approval")
    assert notify.outbox == [] and callbacks == []
    assert not SmsMessage.unscoped.exists()
    application.refresh_from_db()
    assert application.status == ApplicationStatus.PENDING
    assert not Member.unscoped.exists()


def test_refused_approval_sends_nothing(cast, django_capture_on_commit_callbacks):
    application = _application(cast)
    with django_capture_on_commit_callbacks(execute=True), acting(cast.chair_a):
        services.approve_application(actor=cast.chair_a, application=application)
        with pytest.raises(ValidationError):  # decided already
            services.reject_application(actor=cast.chair_a, application=application, reason="重复")
    assert len(notify.outbox) == 1


def test_approval_through_the_page_texts_after_commit(
    cast, login, django_capture_on_commit_callbacks
):
    application = _application(cast)
    chair = login(cast.chair_a)
    page = chair.get(f"/members/applications/{application.pk}/").content.decode()
    assert "短信通知申请人（137****1111）" in page and PHONE not in page
    with django_capture_on_commit_callbacks(execute=True):
        response = chair.post(
            f"/members/applications/{application.pk}/", {"action": "approve", "join_date": ""}
        )
    assert response.status_code == 302
    assert [m.template_key for m in notify.outbox] == ["members.application_approved"]
    outbox = login(cast.district_admin).get("/outbox/").content.decode()
    assert "137****1111" in outbox and PHONE not in outbox and "已发送" in outbox
