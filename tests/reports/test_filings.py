"""Fill-in tasks: sent down to chosen unions, prefilled from live data, filled and corrected
(with reasons), submitted, reminded, returned, accepted, rolled up and exported."""

import datetime
import io

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from python_calamine import CalamineWorkbook

from gonghui.core import workdays
from gonghui.core.models import SmsMessage
from gonghui.core.text.idnumbers import make_id_number
from gonghui.members.models import Member
from gonghui.reports import filings
from gonghui.reports.models import FilingReturn, FilingStatus
from tests.conftest import _assign, _user, acting

pytestmark = pytest.mark.django_db
YEAR = datetime.date.today().year - 1
FIELDS = "年末会员|members\n其中女性|members?gender=F\n职工书屋（个）"


def _member(org, n, gender="M"):
    Member.unscoped.create(
        org=org,
        name=f"甲工会会员{n}",
        gender=gender,
        birth_date=datetime.date(1985, 1, 1),
        id_number=make_id_number("110105", datetime.date(1985, 1, 1), n),
        phone="",
        join_date=datetime.date(YEAR - 1, 1, 1),
        card_number=f"F{n}",
        status="active",
        employment_form="regular",
    )


@pytest.fixture
def task(cast):
    _member(cast.union_a, 1, "F")
    _member(cast.union_a, 2)
    _member(cast.union_b, 3)
    cast.union_b.contact_phone = "13900001234"
    cast.union_b.save()
    with acting(cast.district_admin):
        return filings.send_task(
            actor=cast.district_admin,
            org=cast.district,
            title="2025 年职工书屋调查",
            instructions="请核对会员数并填写书屋数量",
            year=YEAR,
            fields=filings.parse_fields(FIELDS),
            working_days=5,
            recipients=[cast.union_a, cast.union_b],
        )


def _ret(task, org):
    return FilingReturn.unscoped.get(task=task, org=org)


def test_forms_are_prefilled_from_live_data(task, cast):
    a = _ret(task, cast.union_a)
    assert a.status == FilingStatus.NOT_OPENED
    assert a.values == {
        "f1": {"value": "2", "live": "2", "reason": ""},
        "f2": {"value": "1", "live": "1", "reason": ""},
        "f3": {"value": "", "live": None, "reason": ""},
    }
    assert _ret(task, cast.union_b).values["f1"]["live"] == "1"
    assert task.deadline == workdays.add_working_days(datetime.date.today(), 5)


def test_a_correction_needs_a_reason_and_submit_needs_every_field(task, cast):
    a = _ret(task, cast.union_a)
    with acting(cast.chair_a), pytest.raises(ValidationError) as error:
        filings.save_return(
            actor=cast.chair_a, ret=a, answers={"f1": {"value": "3"}, "f3": {"value": "1"}}
        )
    assert error.value.messages == ["年末会员：与系统数据（2）不同，请说明更正理由"]
    with acting(cast.chair_a), pytest.raises(ValidationError) as error:
        filings.save_return(actor=cast.chair_a, ret=a, answers={"f1": {"value": "2"}}, submit=True)
    assert error.value.messages == ["还有项目未填写，不能提交"]
    with acting(cast.chair_a):
        filings.save_return(
            actor=cast.chair_a,
            ret=a,
            answers={
                "f1": {"value": "3", "reason": "12 月 30 日新入会 1 人未录入"},
                "f2": {"value": "1"},
                "f3": {"value": "2"},
            },
            submit=True,
        )
    a.refresh_from_db()
    assert a.status == FilingStatus.SUBMITTED
    assert a.values["f1"] == {"value": "3", "live": "2", "reason": "12 月 30 日新入会 1 人未录入"}


def test_sender_returns_reminds_accepts_and_rolls_up(task, cast, login):
    a, b = _ret(task, cast.union_a), _ret(task, cast.union_b)
    with acting(cast.chair_a):
        filings.save_return(
            actor=cast.chair_a,
            ret=a,
            answers={"f1": {"value": "2"}, "f2": {"value": "1"}, "f3": {"value": "2"}},
            submit=True,
        )
    with acting(cast.district_admin):
        filings.review_return(
            actor=cast.district_admin, ret=a, accept=False, comment="书屋数请核实"
        )
        filings.remind(actor=cast.district_admin, ret=b)
    a.refresh_from_db()
    assert (a.status, a.comment) == (FilingStatus.RETURNED, "书屋数请核实")
    sms = SmsMessage.unscoped.get()
    assert sms.template_key == "reports.filing_reminder" and sms.params["org"] == "乙公司工会"
    with acting(cast.chair_a):
        filings.save_return(
            actor=cast.chair_a,
            ret=a,
            answers={"f1": {"value": "2"}, "f2": {"value": "1"}, "f3": {"value": "1"}},
            submit=True,
        )
    with acting(cast.district_admin):
        filings.review_return(actor=cast.district_admin, ret=a, accept=True)
    totals, accepted = filings.rollup(task, list(task.returns.all()))
    assert accepted == 1 and {k: str(v) for k, v in totals.items()} == {
        "f1": "2",
        "f2": "1",
        "f3": "1",
    }
    page = login(cast.district_admin).get(f"/reports/filings/{task.pk}/").content.decode()
    assert "已采用 1" in page and "未打开 1" in page and "已催报 1 次" in page
    book = CalamineWorkbook.from_filelike(
        io.BytesIO(
            login(cast.district_admin).get(f"/reports/filings/{task.pk}/export.xlsx").content
        )
    )
    rows = book.get_sheet_by_index(0).to_python()
    assert rows[2][:5] == ["填报单位", "状态", "年末会员", "其中女性", "职工书屋（个）"]
    assert rows[3][:5] == ["甲工会（甲公司工会）", "已采用", 2.0, 1.0, 1.0]


def test_a_union_cannot_accept_its_own_form_nor_fill_another(task, cast, login):
    a = _ret(task, cast.union_a)
    with acting(cast.chair_a):
        filings.save_return(
            actor=cast.chair_a,
            ret=a,
            answers={"f1": {"value": "2"}, "f2": {"value": "1"}, "f3": {"value": "2"}},
            submit=True,
        )
        with pytest.raises(PermissionDenied):
            filings.review_return(actor=cast.chair_a, ret=a, accept=True)
    with acting(cast.district_admin), pytest.raises(ValidationError):
        filings.save_return(actor=cast.district_admin, ret=a, answers={})
    chair_b = login(cast.chair_b)
    assert chair_b.get(f"/reports/filings/return/{a.pk}/").status_code == 404
    assert chair_b.get(f"/reports/filings/{task.pk}/").status_code == 404


def test_union_opens_fills_and_submits_through_the_page(task, cast, login):
    a = _ret(task, cast.union_a)
    client = login(cast.chair_a)
    page = client.get(f"/reports/filings/return/{a.pk}/").content.decode()
    assert 'value="2"' in page and "填报中" in page
    a.refresh_from_db()
    assert a.status == FilingStatus.DRAFT
    response = client.post(
        f"/reports/filings/return/{a.pk}/",
        {"version": a.version, "value_f1": "2", "value_f2": "1", "value_f3": "4", "submit": "1"},
    )
    assert response.status_code == 302
    a.refresh_from_db()
    assert (a.status, a.values["f3"]["value"]) == (FilingStatus.SUBMITTED, "4")
    listing = client.get("/reports/filings/").content.decode()
    assert "2025 年职工书屋调查" in listing


def test_sending_refuses_unions_outside_or_unknown(cast):
    with acting(cast.chair_b), pytest.raises(ValidationError) as error:
        filings.recipients_from_codes("A,B")
    assert error.value.message_dict == {"recipients": ["找不到组织代码（或不在管理范围内）：A"]}
    with acting(cast.street_admin), pytest.raises(ValidationError):
        filings.send_task(
            actor=cast.street_admin,
            org=cast.street,
            title="x",
            instructions="",
            year=YEAR,
            fields=filings.parse_fields("会员|members"),
            working_days=3,
            recipients=[cast.street],
        )
    with pytest.raises(ValidationError):
        filings.parse_fields("会员|unicorns")


@pytest.fixture
def street_task(cast):
    """The district asks its two streets; S1 passes the form down to unions A and B."""
    _member(cast.union_a, 1, "F")
    _member(cast.union_a, 2)
    _member(cast.union_b, 3)
    with acting(cast.district_admin):
        task = filings.send_task(
            actor=cast.district_admin,
            org=cast.district,
            title="书屋调查（逐级）",
            instructions="",
            year=YEAR,
            fields=filings.parse_fields(FIELDS),
            working_days=10,
            recipients=[cast.street, cast.other_street],
        )
    with acting(cast.street_admin):
        sub = filings.pass_down(
            actor=cast.street_admin,
            ret=_ret(task, cast.street),
            recipients=[cast.union_a, cast.union_b],
            working_days=5,
        )
    return task, sub


def _submit(user, ret, values, reasons=None):
    with acting(user):
        filings.save_return(
            actor=user,
            ret=ret,
            answers={
                k: {"value": v, "reason": (reasons or {}).get(k, "")} for k, v in values.items()
            },
            submit=True,
        )


def test_accepted_answers_roll_up_level_by_level(street_task, cast, login):
    task, sub = street_task
    s1 = _ret(task, cast.street)
    assert (sub.org, sub.parent, sub.title, sub.fields) == (
        cast.street,
        s1,
        task.title,
        task.fields,
    )
    assert s1.status == FilingStatus.DRAFT  # passing down opened it
    assert _ret(sub, cast.union_a).values["f1"]["live"] == "2"  # unions prefilled from live data
    _submit(cast.chair_a, _ret(sub, cast.union_a), {"f1": "2", "f2": "1", "f3": "3"})
    _submit(cast.chair_b, _ret(sub, cast.union_b), {"f1": "1", "f2": "0", "f3": "2"})
    with acting(cast.street_admin):
        filings.review_return(actor=cast.street_admin, ret=_ret(sub, cast.union_a), accept=True)
    s1.refresh_from_db()
    assert {k: (v["value"], v["rolled"], v["rolled_from"]) for k, v in s1.values.items()} == {
        "f1": ("2", "2", 1),
        "f2": ("1", "1", 1),
        "f3": ("3", "3", 1),
    }
    with acting(cast.street_admin):
        filings.review_return(actor=cast.street_admin, ret=_ret(sub, cast.union_b), accept=True)
    s1.refresh_from_db()
    # the street's own answer is the sum of its unions' accepted figures, prefilled
    assert {k: v["value"] for k, v in s1.values.items()} == {"f1": "3", "f2": "1", "f3": "5"}
    page = login(cast.street_admin).get(f"/reports/filings/return/{s1.pk}/").content.decode()
    assert 'id="rolled_f3">5<' in page and 'id="value_f3" name="value_f3" value="5"' in page
    assert "已下发给 2 个下级单位，2 个已采用" in page
    # a figure corrected away from the roll-up needs a reason
    with acting(cast.street_admin), pytest.raises(ValidationError) as error:
        filings.save_return(actor=cast.street_admin, ret=s1, answers={"f3": {"value": "6"}})
    assert error.value.messages == ["职工书屋（个）：与下级汇总（5）不同，请说明更正理由"]
    _submit(cast.street_admin, s1, {"f1": "3", "f2": "1", "f3": "6"}, {"f3": "街道本级书屋 1 个"})
    s1.refresh_from_db()
    assert s1.values["f3"] == {
        "value": "6",
        "live": None,
        "rolled": "5",
        "rolled_from": 2,
        "reason": "街道本级书屋 1 个",
    }
    with acting(cast.district_admin):
        filings.review_return(actor=cast.district_admin, ret=s1, accept=True)
    # the district: each street's answer with its roll-up from below, and the totals
    page = login(cast.district_admin).get(f"/reports/filings/{task.pk}/").content.decode()
    assert "已下发：2/2 个下级已采用" in page
    assert 'data-total="3">6<' in page and 'data-rolled-total="3">5<' in page
    assert f'href="/reports/filings/{sub.pk}/"' in page
    assert login(cast.district_admin).get(f"/reports/filings/{sub.pk}/").status_code == 200


def test_a_submitted_answer_is_not_overwritten_by_a_later_roll_up(street_task, cast):
    task, sub = street_task
    s1 = _ret(task, cast.street)
    _submit(cast.street_admin, s1, {"f1": "3", "f2": "1", "f3": "9"}, {"f3": "估算"})
    _submit(cast.chair_a, _ret(sub, cast.union_a), {"f1": "2", "f2": "1", "f3": "3"})
    with acting(cast.street_admin):
        filings.review_return(actor=cast.street_admin, ret=_ret(sub, cast.union_a), accept=True)
    s1.refresh_from_db()
    assert (s1.values["f3"]["value"], s1.values["f3"]["rolled"]) == ("9", "3")


def test_passing_down_is_checked(street_task, cast, login):
    task, _sub = street_task
    s1 = _ret(task, cast.street)
    with acting(cast.street_admin), pytest.raises(ValidationError) as error:
        filings.pass_down(
            actor=cast.street_admin, ret=s1, recipients=[cast.union_a], working_days=3
        )
    assert error.value.messages == ["本任务已下发过，请在下级填报中增加单位"]
    s2 = _ret(task, cast.other_street)
    with acting(cast.district_admin), pytest.raises(ValidationError) as error:
        filings.pass_down(
            actor=cast.district_admin, ret=s2, recipients=[cast.union_a], working_days=3
        )
    assert error.value.messages == ["只有填报单位可以填写和提交"]
    FilingReturn.unscoped.filter(pk=s2.pk).update(status=FilingStatus.DRAFT)
    other = _user("s2-admin", "另一街道管理员")
    _assign(other, cast.other_street, "union_admin")
    with acting(other), pytest.raises(ValidationError) as error:
        filings.pass_down(actor=other, ret=s2, recipients=[cast.union_a], working_days=3)
    assert error.value.message_dict == {"recipients": ["甲工会（甲公司工会） 不是本单位的下级组织"]}
    with acting(other), pytest.raises(ValidationError) as error:
        filings.pass_down(actor=other, ret=s2, recipients=[], working_days=11)
    assert error.value.message_dict == {
        "working_days": ["下级的截止日期不能晚于上级任务的截止日期"]
    }
    # the page: a union admin of another street gets nothing
    chair_b = login(cast.chair_b)
    response = chair_b.post(
        f"/reports/filings/return/{s1.pk}/pass-down/", {"recipients": "B", "working_days": "2"}
    )
    assert response.status_code == 404
