"""Score import (竞赛成绩导入): row/column/Chinese reasons, unconfirmed entries authored by the
importer (four eyes still holds), re-import changes nothing, templates with Chinese headers."""

import datetime
import io
from decimal import Decimal

import pytest
import xlsxwriter
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from python_calamine import CalamineWorkbook

from gonghui.contests import selectors, services
from gonghui.contests.importers import ScoreImporter, parse_period, parse_value
from gonghui.contests.models import ScoreEntry
from gonghui.core.access import assignments_of
from gonghui.core.imports import services as imports
from gonghui.core.imports.base import Row
from gonghui.core.imports.services import ImportContext
from gonghui.core.models import ImportJob
from tests.conftest import acting

pytestmark = pytest.mark.django_db

HEADER = "竞赛,班组,指标,数值,期间,说明\n"


@pytest.fixture
def comp(cast):
    with acting(cast.chair_a):
        campaign = services.create_campaign(
            actor=cast.chair_a,
            org=cast.union_a,
            theme="甲工会节能竞赛",
            start_date=datetime.date(2026, 1, 1),
            end_date=datetime.date(2026, 12, 31),
        )
        saving = services.add_indicator(
            actor=cast.chair_a, campaign=campaign, name="节能量", unit="吨", weight=60
        )
        rate = services.add_indicator(
            actor=cast.chair_a,
            campaign=campaign,
            name="合格率",
            unit="%",
            weight=40,
            min_value=0,
            max_value=100,
        )
        one = services.add_team(
            actor=cast.chair_a, campaign=campaign, name="一班", unit=cast.union_a, code="T01"
        )
        two = services.add_team(
            actor=cast.chair_a, campaign=campaign, name="二班", unit=cast.union_a, code="T02"
        )
        services.start_campaign(actor=cast.chair_a, campaign=campaign)
    cast.campaign, cast.saving, cast.rate, cast.one, cast.two = campaign, saving, rate, one, two
    return cast


def upload(user, org, data, name="成绩.csv"):
    with acting(user):
        job = imports.start_import(
            actor=user,
            assignment=assignments_of(user)[0],
            importer_key="contest_scores",
            org=org,
            upload=SimpleUploadedFile(name, data),
        )
        return imports.validate_job(job)


def commit(user, job, mode="valid"):
    with acting(user):
        return imports.commit_job(ImportJob.objects.get(pk=job.pk), mode)


def issues_by_row(job):
    found = {}
    for issue in job.issues:
        found.setdefault(issue["row"], []).append(
            (issue["level"], issue["column"], issue["message"])
        )
    return found


def good_csv():
    return (
        HEADER
        + "甲工会节能竞赛,一班,节能量,12.5,2026-03,\n"
        + "甲工会节能竞赛,T02,节能量,9.8,2026年3月,按编号\n"
        + "甲工会节能竞赛,一班,合格率,98.5,2026/3,\n"
    ).encode()


def test_import_creates_unconfirmed_entries_authored_by_the_importer(comp):
    job = commit(comp.staff_a, upload(comp.staff_a, comp.union_a, good_csv()))
    assert job.status == ImportJob.Status.DONE, job.message
    assert job.result["counts"] == {"新增": 3}
    entries = ScoreEntry.objects.filter(team__campaign=comp.campaign).order_by("id")
    assert [(e.team.name, e.indicator.name, e.period, e.value) for e in entries] == [
        ("一班", "节能量", "2026-03", Decimal("12.50")),
        ("二班", "节能量", "2026-03", Decimal("9.80")),
        ("一班", "合格率", "2026-03", Decimal("98.50")),
    ]
    assert all(e.entered_by == comp.staff_a and e.confirmed_at is None for e in entries)
    assert entries[1].note == "按编号"
    # Unconfirmed entries do not count yet.
    assert all(row["values"] == [None, None] for row in selectors.live_board(comp.campaign)["rows"])


def test_importer_cannot_confirm_imported_entries_a_second_person_can(comp):
    commit(comp.staff_a, upload(comp.staff_a, comp.union_a, good_csv()))
    entry = ScoreEntry.objects.filter(team=comp.one, indicator=comp.saving).get()
    with acting(comp.staff_a), pytest.raises(PermissionDenied, match="本人"):
        services.confirm_entry(actor=comp.staff_a, entry=entry)
    with acting(comp.chair_a):
        services.confirm_entry(actor=comp.chair_a, entry=entry)
    entry.refresh_from_db()
    assert entry.confirmed_by == comp.chair_a
    board = selectors.live_board(comp.campaign)
    assert board["rows"][0]["team"] == "一班" and board["rows"][0]["values"][0] == "12.50"


def test_reimporting_the_same_file_changes_nothing(comp):
    commit(comp.staff_a, upload(comp.staff_a, comp.union_a, good_csv()))
    entry = ScoreEntry.objects.filter(team=comp.one, indicator=comp.saving).get()
    with acting(comp.chair_a):
        services.confirm_entry(actor=comp.chair_a, entry=entry)
    before = list(ScoreEntry.objects.values_list("pk", "value", "is_current", "confirmed_at"))
    job = upload(comp.staff_a, comp.union_a, good_csv())
    assert [row["action"] for row in job.preview] == ["unchanged"] * 3
    again = commit(comp.staff_a, job)
    assert again.result["counts"] == {"未变化": 3}
    after = list(ScoreEntry.objects.values_list("pk", "value", "is_current", "confirmed_at"))
    assert after == before


def test_a_changed_figure_is_a_correction_to_confirm_again(comp):
    commit(comp.staff_a, upload(comp.staff_a, comp.union_a, good_csv()))
    old = ScoreEntry.objects.get(team=comp.one, indicator=comp.saving)
    with acting(comp.chair_a):
        services.confirm_entry(actor=comp.chair_a, entry=old)
    data = (HEADER + "甲工会节能竞赛,一班,节能量,13,2026-03,复核更正\n").encode()
    job = upload(comp.staff_a, comp.union_a, data)
    assert issues_by_row(job)[2] == [
        ("warning", "数值", "将更正现有数据（原值 12.50，已确认），更正后须重新确认")
    ]
    job = commit(comp.staff_a, job)
    assert job.result["counts"] == {"更正": 1}
    new = ScoreEntry.objects.get(team=comp.one, indicator=comp.saving, is_current=True)
    assert new.supersedes == old and new.value == Decimal("13.00") and new.confirmed_at is None
    old.refresh_from_db()
    assert not old.is_current and old.confirmed_by == comp.chair_a


def test_bad_rows_name_row_column_and_reason(comp):
    data = (
        HEADER
        + "甲工会节能竞赛,三班,节能量,1,2026-03,\n"  # 2 unknown team
        + "甲工会节能竞赛,一班,产量,1,2026-03,\n"  # 3 unknown indicator
        + "甲工会节能竞赛,一班,节能量,十二,2026-03,\n"  # 4 not a number
        + "甲工会节能竞赛,一班,合格率,120,2026-03,\n"  # 5 out of range
        + "甲工会节能竞赛,二班,节能量,3,2026-04,\n"  # 6 fine
        + "甲工会节能竞赛,T02,节能量,4,2026-04,\n"  # 7 duplicate of 6 (by code)
        + "甲工会节能竞赛,二班,节能量,3,2027-01,\n"  # 8 outside the campaign
        + "甲工会节能竞赛,二班,节能量,3,三月,\n"  # 9 unreadable period
        + "乙工会竞赛,二班,节能量,3,2026-03,\n"  # 10 unknown campaign
        + "甲工会节能竞赛,二班,,3,2026-03,\n"  # 11 missing indicator
    ).encode()
    job = upload(comp.staff_a, comp.union_a, data)
    found = issues_by_row(job)
    assert found[2] == [("error", "班组", "“三班”不是本竞赛的参赛班组（按名称或编号查找）")]
    assert found[3] == [("error", "指标", "本竞赛没有指标“产量”（现有：节能量、合格率）")]
    assert found[4] == [("error", "数值", "“十二”不是数字")]
    assert found[5] == [("error", "数值", "数值不能大于 100.00（合格率 的取值上限）")]
    assert 6 not in found
    assert found[7] == [("error", "班组", "与第 6 行重复（同一班组、指标和期间只能有一行）")]
    assert found[8] == [("error", "期间", "期间 2027-01 不在竞赛周期 2026-01 至 2026-12 之内")]
    assert found[9][0][:2] == ("error", "期间") and "无法识别的期间" in found[9][0][2]
    assert found[10][0][:2] == ("error", "竞赛") and "找不到竞赛“乙工会竞赛”" in found[10][0][2]
    assert found[11] == [("error", "指标", "必填，不能为空")]
    assert (job.valid_rows, job.error_rows) == (1, 9)
    refused = commit(comp.staff_a, job, mode="all")
    assert refused.status == ImportJob.Status.FAILED
    assert ScoreEntry.objects.count() == 0
    job = commit(comp.staff_a, upload(comp.staff_a, comp.union_a, data), mode="valid")
    assert job.result["counts"] == {"新增": 1} and job.result["errors"] == 9
    assert ScoreEntry.objects.get().value == Decimal("3.00")


def test_campaign_not_running_and_campaign_of_another_union_are_refused(comp):
    with acting(comp.chair_b):
        other = services.create_campaign(
            actor=comp.chair_b,
            org=comp.union_b,
            theme="乙工会竞赛",
            start_date=datetime.date(2026, 1, 1),
            end_date=datetime.date(2026, 12, 31),
        )
    with acting(comp.chair_a):
        draft = services.create_campaign(
            actor=comp.chair_a,
            org=comp.union_a,
            theme="甲工会筹备中竞赛",
            start_date=datetime.date(2026, 1, 1),
            end_date=datetime.date(2026, 12, 31),
        )
    data = (
        HEADER
        + f"{other.pk},一班,节能量,1,2026-03,\n"
        + "甲工会筹备中竞赛,一班,节能量,1,2026-03,\n"
        + f"{comp.campaign.pk},一班,节能量,1,2026-03,\n"
    ).encode()
    found = issues_by_row(upload(comp.staff_a, comp.union_a, data))
    assert found[2][0][1] == "竞赛" and "找不到竞赛" in found[2][0][2]
    assert found[3] == [
        ("error", "竞赛", f"竞赛“{draft.theme}”筹备中，只有进行中的竞赛才能导入成绩")
    ]
    assert 4 not in found  # by number


def test_two_campaigns_with_one_theme_ask_for_the_number(comp):
    with acting(comp.chair_a):
        twin = services.create_campaign(
            actor=comp.chair_a,
            org=comp.union_a,
            theme="甲工会节能竞赛",
            start_date=datetime.date(2026, 1, 1),
            end_date=datetime.date(2026, 12, 31),
        )
    data = (HEADER + "甲工会节能竞赛,一班,节能量,1,2026-03,\n").encode()
    found = issues_by_row(upload(comp.staff_a, comp.union_a, data))
    numbers = "、".join(str(pk) for pk in sorted([comp.campaign.pk, twin.pk]))
    assert found[2] == [
        ("error", "竞赛", f"有多个竞赛名为“甲工会节能竞赛”，请改填竞赛编号（{numbers}）")
    ]


def test_xlsx_with_number_and_date_cells(comp):
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer)
    sheet = book.add_worksheet()
    sheet.merge_range(0, 0, 0, 4, "2026年3月节能竞赛成绩")
    sheet.write_row(1, 0, ["竞赛名称", "班组名称", "考核指标", "完成值", "月份"])
    sheet.write_row(2, 0, ["甲工会节能竞赛", "一班", "节能量"])
    sheet.write_number(2, 3, 0.1 + 0.2)  # float noise is rounded, not refused
    sheet.write_datetime(
        2, 4, datetime.datetime(2026, 3, 1), book.add_format({"num_format": "yyyy-mm"})
    )
    sheet.write_row(3, 0, ["甲工会节能竞赛", "二班", "节能量"])
    sheet.write_number(3, 3, -2)
    sheet.write_number(3, 4, 202603)
    book.close()
    job = upload(comp.staff_a, comp.union_a, buffer.getvalue(), name="成绩.xlsx")
    assert job.header_row == 2 and job.error_rows == 0, job.issues
    commit(comp.staff_a, job)
    assert sorted(ScoreEntry.objects.values_list("team__name", "period", "value")) == [
        ("一班", "2026-03", Decimal("0.30")),
        ("二班", "2026-03", Decimal("-2.00")),
    ]


def test_a_union_b_user_cannot_import_into_union_a(comp):
    data = (HEADER + f"{comp.campaign.pk},一班,节能量,1,2026-03,\n").encode()
    job = upload(comp.chair_b, comp.union_b, data)
    found = issues_by_row(job)
    assert found[2][0][1] == "竞赛" and "找不到竞赛" in found[2][0][2]
    assert "甲工会" not in found[2][0][2]
    with pytest.raises(PermissionDenied):
        upload(comp.chair_b, comp.union_a, data)


def test_parsers():
    assert parse_value("1,234.5") == (Decimal("1234.50"), None)
    assert parse_value(" -3 ") == (Decimal("-3.00"), None)
    assert parse_value("1.234") == (None, "数值最多保留 2 位小数")
    assert parse_value("abc") == (None, "“abc”不是数字")
    assert parse_value(True)[1] == "“是”不是数字"
    assert parse_value(float("nan"))[1] is not None
    assert parse_value("1e20")[1] is not None
    assert parse_value(1e26) == (None, "数值过大，超出可记录的范围")
    assert parse_period("2026-3") == ("2026-03", None)
    assert parse_period("2026年12月") == ("2026-12", None)
    assert parse_period(datetime.date(2026, 5, 17)) == ("2026-05", None)
    assert parse_period("2026-13")[1].startswith("无法识别的期间")


def test_generic_template_has_chinese_headers(comp, login):
    response = login(comp.staff_a).get("/imports/contest_scores/template.xlsx")
    assert response.status_code == 200
    rows = CalamineWorkbook.from_filelike(io.BytesIO(response.content)).get_sheet_by_index(0)
    assert rows.to_python()[0] == ["竞赛 *", "班组 *", "指标 *", "数值 *", "期间 *", "说明"]


def test_campaign_template_lists_its_teams_and_indicators_and_imports_back(comp, login):
    client = login(comp.staff_a)
    response = client.get(f"/contests/{comp.campaign.pk}/import-template.xlsx")
    assert response.status_code == 200
    rows = CalamineWorkbook.from_filelike(io.BytesIO(response.content)).get_sheet_by_index(0)
    rows = rows.to_python()
    assert rows[0] == ["竞赛 *", "班组 *", "指标 *", "数值 *", "期间 *", "说明"]
    assert [r[:3] for r in rows[1:]] == [
        ["甲工会节能竞赛", "一班", "节能量"],
        ["甲工会节能竞赛", "一班", "合格率"],
        ["甲工会节能竞赛", "二班", "节能量"],
        ["甲工会节能竞赛", "二班", "合格率"],
    ]
    # Filled in, the template imports as it is.
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer)
    sheet = book.add_worksheet()
    sheet.write_row(0, 0, rows[0])
    for i, row in enumerate(rows[1:], start=1):
        sheet.write_row(i, 0, [*row[:3], "50", "2026-06", ""])
    book.close()
    job = commit(comp.staff_a, upload(comp.staff_a, comp.union_a, buffer.getvalue(), "t.xlsx"))
    assert job.result["counts"] == {"新增": 4}


def test_campaign_page_links_to_the_import(comp, login):
    page = login(comp.staff_a).get(f"/contests/{comp.campaign.pk}/").content.decode()
    assert "/imports/contest_scores/?org=A" in page
    assert f"/contests/{comp.campaign.pk}/import-template.xlsx" in page


cells = st.one_of(
    st.none(),
    st.text(max_size=20),
    st.integers(min_value=-(10**20), max_value=10**20),
    st.floats(allow_nan=True, allow_infinity=True),
    st.dates(),
    st.sampled_from(["甲工会节能竞赛", "一班", "T02", "节能量", "合格率", "2026-03", "1e400"]),
)


@settings(
    max_examples=120, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    raw=st.lists(
        st.fixed_dictionaries({c.key: cells for c in ScoreImporter.columns}),
        min_size=1,
        max_size=5,
    )
)
def test_hypothesis_odd_cells_never_crash_and_name_a_column(comp, raw):
    labels = {c.label for c in ScoreImporter.columns}
    job = ImportJob(org=comp.union_a, created_by=comp.staff_a, options={})
    importer = ScoreImporter(ImportContext(job))
    rows = [Row(number=i + 2, raw=r) for i, r in enumerate(raw)]
    with acting(comp.staff_a):
        importer.validate(rows)
    for row in rows:
        assert all(issue.column in labels and issue.message for issue in row.errors)
        if row.ok:
            assert row.action in ("create", "unchanged", "correct")
