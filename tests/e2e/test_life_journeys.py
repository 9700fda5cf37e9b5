"""Union life in the browser: a notice with confirmation and receipts (staff, 1280 px); an
activity with 3 places, four members signing up on their phones (390 px), the waiting list
moving up, QR check-in with hours; an anonymous survey and its chart."""

import datetime
import os
import re

import pytest
from django.urls import get_resolver
from django.utils import timezone

from gonghui.core.models import User
from gonghui.life.models import Activity, Notice, Response, Signup
from tests.conftest import PASSWORD
from tests.e2e.conftest import log_in, shot
from tests.life.factories import make_member, make_survey

os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

pytestmark = pytest.mark.e2e


def _with_password(member):
    user = User.objects.get(pk=member.user_id)
    user.set_password(PASSWORD)
    user.save()
    return user.username


def _phone(browser):
    context = browser.new_context(locale="zh-CN", viewport={"width": 390, "height": 844},
                                  is_mobile=True, has_touch=True)  # fmt: skip
    return context, context.new_page()


def _fits(page):
    assert page.evaluate("document.documentElement.scrollWidth") <= 390


@pytest.mark.django_db(transaction=True)
def test_district_notice_to_two_streets_with_confirmation(cast, live_server, browser, page):
    get_resolver().url_patterns  # noqa: B018  (load the URLconf with scopes off)
    cast.district_admin.set_password(PASSWORD)
    log_in(page, live_server, "district", PASSWORD)
    page.goto(f"{live_server.url}/life/notices/new/")
    page.fill("input[name=title]", "关于报送工会服务月方案的通知")
    # The body is written in the rich-text editor (Quill): bold through its toolbar.
    editor = page.locator(".ql-editor")
    editor.click()
    page.keyboard.type("请各街道于期限内")
    page.click("button.ql-bold")
    page.keyboard.type("确认收到")
    page.click("button.ql-bold")
    page.keyboard.type("。")
    assert page.locator("textarea[name=body]").is_hidden()
    page.select_option("select[name=reach]", "chosen")
    page.select_option("select[name=targets]", label=["测试街道工会", "另一街道工会"])
    page.select_option("select[name=audience]", "staff")
    page.select_option("select[name=response]", "confirm")
    page.fill("input[name=due_working_days]", "3")
    shot(page, "life-notice-form-1280")
    page.click("button.btn-primary")
    page.click("#publish")
    page.wait_for_selector("text=操作成功")
    notice = Notice.unscoped.get()
    assert (notice.status, notice.body) == (
        "published",
        "<p>请各街道于期限内<strong>确认收到</strong>。</p>",
    )

    street_context = browser.new_context(locale="zh-CN", viewport={"width": 1280, "height": 900})
    street = street_context.new_page()
    log_in(street, live_server, "street", PASSWORD)
    street.goto(f"{live_server.url}/life/")
    assert "待本单位回复" in street.inner_text("#notices")
    street.click("text=关于报送工会服务月方案的通知")
    street.click("#confirm")
    street.wait_for_selector("text=已保存")
    assert "已于" in street.inner_text("#own-receipt")
    shot(street, "life-notice-street-confirmed-1280")
    street_context.close()

    page.goto(f"{live_server.url}/life/notices/{notice.pk}/")
    rows = [r.split("\t") for r in page.inner_text("#rollup tbody").splitlines()]
    assert rows == [["测试街道工会", "1", "1", "1", "0"], ["另一街道工会", "1", "0", "0", "0"]]
    receipts = page.inner_text("#receipts tbody")
    assert "另一街道工会\t未读\t未回复" in receipts
    shot(page, "life-notice-receipts-1280")


@pytest.mark.django_db(transaction=True)
def test_activity_waiting_list_and_qr_check_in(cast, live_server, browser, page):
    get_resolver().url_patterns  # noqa: B018
    names = ["甲会员一", "甲会员二", "甲会员三", "甲会员四"]
    members = [make_member(cast.union_a, n) for n in names]
    logins = [_with_password(m) for m in members]
    log_in(page, live_server, "chair-a", PASSWORD)
    page.goto(f"{live_server.url}/life/activities/new/")
    start = timezone.localtime() + datetime.timedelta(days=3)

    def when(delta_hours):
        return (start + datetime.timedelta(hours=delta_hours)).strftime("%Y-%m-%dT%H:%M")

    page.fill("input[name=title]", "甲工会职工书屋读书会")
    page.select_option("select[name=kind]", "reading")
    page.fill("input[name=place]", "职工书屋")
    page.fill("input[name=starts_at]", when(0))
    page.fill("input[name=ends_at]", when(2))
    page.fill("input[name=signup_deadline]", when(-24))
    page.fill("input[name=cancel_cutoff]", when(-2))
    page.select_option("select[name=eligibility]", "union")
    page.fill("input[name=quota]", "3")
    page.fill("input[name=hours]", "2.0")
    page.click("button.btn-primary")
    page.wait_for_selector("#show-qr")
    activity = Activity.unscoped.get()

    phones = {}
    for name, username in zip(names, logins, strict=True):
        context, phone = _phone(browser)
        phones[name] = (context, phone)
        log_in(phone, live_server, username, PASSWORD)
        phone.goto(f"{live_server.url}/life/me/")
        phone.click("text=甲工会职工书屋读书会")
        phone.click("#sign-up")
        phone.wait_for_selector("#my-status .alert")
    fourth = phones["甲会员四"][1]
    assert fourth.inner_text("#my-status") == "名额已满，您在候补第 1 位；有人取消时自动递补"
    _fits(fourth)
    shot(fourth, "life-activity-waitlisted-390")

    second = phones["甲会员二"][1]
    second.click("#cancel-signup")
    second.wait_for_selector("text=您已取消报名")
    fourth.reload()
    assert fourth.inner_text("#my-status") == "您已报名成功"
    shot(fourth, "life-activity-promoted-390")

    page.click("#show-qr")
    page.wait_for_selector("#qr svg")
    shot(page, "life-activity-qr-1280")
    link = page.get_attribute("#qr-link", "href")
    assert re.search(rf"/life/me/activities/{activity.pk}/checkin/[0-9a-f]{{20}}/$", link)
    for name in ("甲会员一", "甲会员四"):
        phone = phones[name][1]
        phone.goto(link)
        phone.click("#check-in")
        phone.wait_for_selector("text=签到成功，已计入活动时长")
    assert "计入 2.0 小时" in fourth.inner_text("#my-status")
    _fits(fourth)
    shot(fourth, "life-activity-checked-in-390")
    for context, _phone_page in phones.values():
        context.close()

    page.goto(f"{live_server.url}/life/activities/{activity.pk}/")
    statuses = {
        s.member.name: (s.status, str(s.hours), s.checkin_method)
        for s in Signup.unscoped.select_related("member")
    }
    assert statuses == {
        "甲会员一": ("confirmed", "2.0", "qr"), "甲会员二": ("cancelled", "0.0", ""),
        "甲会员三": ("confirmed", "0.0", ""), "甲会员四": ("confirmed", "2.0", "qr"),
    }  # fmt: skip
    assert page.inner_text("#participation tbody") == "甲工会（甲公司工会）\t3\t0\t2\t4.0"
    shot(page, "life-activity-organiser-1280")


@pytest.mark.django_db(transaction=True)
def test_member_answers_anonymous_survey_and_organiser_sees_chart(cast, live_server, browser, page):
    get_resolver().url_patterns  # noqa: B018
    survey = make_survey(cast.chair_a, cast.union_a, title="甲工会活动需求调查")
    member = make_member(cast.union_a, "甲会员")
    context, phone = _phone(browser)
    log_in(phone, live_server, _with_password(member), PASSWORD)
    phone.goto(f"{live_server.url}/life/me/")
    phone.click("text=甲工会活动需求调查")
    phone.check("text=读书")
    phone.check("text=周末")
    phone.click("label[for$='-s4']")
    phone.fill("textarea", "希望周末多办活动")
    _fits(phone)
    shot(phone, "life-survey-answer-390")
    phone.click("#submit-survey")
    phone.wait_for_selector("text=提交成功，感谢参与")
    context.close()
    assert list(Response.unscoped.values_list("member_id", flat=True)) == [None]

    log_in(page, live_server, "chair-a", PASSWORD)
    page.goto(f"{live_server.url}/life/surveys/{survey.pk}/")
    page.wait_for_selector("#results .echart svg")
    assert "结果（共 1 份答卷）" in page.inner_text("main")
    assert "希望周末多办活动" in page.inner_text("#results")
    shot(page, "life-survey-results-1280")


@pytest.mark.django_db(transaction=True)
def test_course_enrol_attend_hours_and_certificate(cast, live_server, browser, page):
    """A chair opens a course (material in the editor); a member enrols on the phone from the
    portal's home; the chair marks attendance; the member sees the hours and downloads the
    certificate (a Chinese PDF)."""
    from pypdf import PdfReader

    from gonghui.life.models import Course, Enrolment

    get_resolver().url_patterns  # noqa: B018
    member = make_member(cast.union_a, "甲学员")
    username = _with_password(member)
    log_in(page, live_server, "chair-a", PASSWORD)
    page.goto(f"{live_server.url}/life/courses/new/")
    page.fill("input[name=title]", "甲工会安全生产知识培训")
    page.select_option("select[name=mode]", "in_person")
    page.fill("input[name=provider]", "区应急管理局讲师团")
    page.fill("input[name=place]", "公司二楼培训室")
    page.fill("input[name=hours]", "4")
    page.fill("input[name=quota]", "30")
    page.locator(".ql-editor").click()
    page.keyboard.type("课程要点")
    page.keyboard.press("Enter")
    page.click("button.ql-list[value=bullet]")
    page.keyboard.type("冲压岗位操作规程")
    page.keyboard.press("Enter")
    page.keyboard.type("应急处置")
    page.select_option("select[name=eligibility]", "union")
    shot(page, "life-course-form-1280")
    page.click("button.btn-primary")
    page.wait_for_selector("#enrolments")
    course = Course.unscoped.get()
    assert course.material == ("<p>课程要点</p><ul><li>冲压岗位操作规程</li><li>应急处置</li></ul>")
    assert "冲压岗位操作规程" in page.inner_text(".rich-text")

    context, phone = _phone(browser)
    log_in(phone, live_server, username, PASSWORD)
    phone.goto(f"{live_server.url}/m/")
    assert "1 门课程可报名" in phone.inner_text("#my-learning-link")
    shot(phone, "life-portal-home-390")
    phone.click("#my-learning-link")
    phone.click("text=甲工会安全生产知识培训")
    assert "冲压岗位操作规程" in phone.inner_text("#material")
    phone.click("#enrol")
    phone.wait_for_selector("text=学习中，已获 0.0/4.0 学时")
    _fits(phone)
    shot(phone, "life-course-enrolled-390")
    # Enrolled, the course is no longer offered on the home ("我的学习" lists none to enrol in).
    phone.goto(f"{live_server.url}/m/")
    assert "可报名" not in phone.inner_text("#my-learning-link")
    phone.go_back()

    page.reload()
    page.check("#attendance-form input[type=checkbox]")
    page.click("#attendance-form button")
    page.wait_for_selector("text=已登记 1 人")
    assert "已结业" in page.inner_text("#enrolments")
    shot(page, "life-course-attendance-1280")

    phone.reload()
    assert "已结业，获得 4.0 学时" in phone.inner_text("#my-status")
    with phone.expect_download() as download:
        phone.click("#certificate")
    pdf = PdfReader(download.value.path())
    text = "".join(p.extract_text() for p in pdf.pages)
    enrolment = Enrolment.unscoped.get()
    assert "结业证书" in text and "甲学员" in text and enrolment.certificate_number in text
    phone.goto(f"{live_server.url}/life/me/learning/")
    assert "累计学时：4.0" in phone.inner_text("#learning-totals")
    _fits(phone)
    shot(phone, "life-learning-record-390")
    context.close()
