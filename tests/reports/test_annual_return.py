"""The annual statistics return: computed from live data for a subtree and year by a layout
held as data; cross-checks; the list behind each figure; the .xlsx; editing the layout."""

import copy
import datetime
import io
import json

import pytest
from django.core.exceptions import ValidationError
from python_calamine import CalamineWorkbook

from gonghui.core.models import AuditEvent
from gonghui.core.text.idnumbers import make_id_number
from gonghui.members.models import Member
from gonghui.orgs.models import Employer, Org
from gonghui.reports import layouts, returns
from gonghui.reports.measures import MEASURES, Span
from gonghui.reports.models import ReturnLayout
from tests.conftest import _ck, acting

pytestmark = pytest.mark.django_db
YEAR = datetime.date.today().year - 1


def _member(org, n, *, gender="M", form="regular", born=1980, joined=None, status="active"):
    return Member.unscoped.create(
        org=org,
        name=f"甲工会会员{n}" if org.code.startswith("A") else f"乙会员{n}",
        gender=gender,
        birth_date=datetime.date(born, 6, 1),
        id_number=make_id_number("110105", datetime.date(born, 6, 1), n),
        phone="",
        join_date=joined or datetime.date(YEAR - 3, 1, 1),
        card_number=f"R{n}",
        status=status,
        employment_form=form,
    )


@pytest.fixture
def district(cast):
    # union A: 3 members (2 women, 1 migrant, 1 young) + 1 joined after the year end;
    # union B: 1 new-form member who joined in the year, 1 withdrawn.
    _member(cast.union_a, 1, gender="F")
    _member(cast.union_a, 2, gender="F", form="migrant")
    _member(cast.group_a, 3, born=YEAR - 30)
    _member(cast.union_a, 4, joined=datetime.date(YEAR + 1, 1, 5))
    _member(cast.union_b, 5, form="new_form", joined=datetime.date(YEAR, 3, 1))
    _member(cast.union_b, 6, status="withdrawn")
    cast.employer_b.ownership = "state"
    cast.employer_b.save()
    Employer.unscoped.create(
        org=cast.other_street,
        name="丙商店",
        credit_code="91320102MA1000009" + _ck("91320102MA1000009"),
        industry="retail",
        ownership="private",
        headcount=8,
    )
    founded = Org.objects.add_child(
        cast.other_street, {"code": "C", "kind": "grassroots", "name": "丙公司工会"}
    )
    founded.established_on = datetime.date(YEAR, 5, 1)
    founded.save()
    return cast


def _cells(result):
    return {
        (t.code, row["key"], cell.column): cell.value
        for t in result["tables"]
        for row, cells in t.rows
        for cell in cells
        if cell.value is not None
    }


def test_return_counts_the_district_for_the_year(district):
    cells = _cells(returns.annual_return(district.district, YEAR))
    assert {k: v for k, v in cells.items() if k[0] == "表四"} == {
        ("表四", "total", "n"): 4,
        ("表四", "women", "n"): 2,
        ("表四", "migrant", "n"): 1,
        ("表四", "new_form", "n"): 1,
        ("表四", "young", "n"): 1,
        ("表四", "joined", "n"): 1,
        ("表四", "joined_new_form", "n"): 1,
    }
    # unions A (民营), B (国有) and C (founded this year, no employer of its own)
    assert cells[("表一", "total", "n")] == 3
    assert cells[("表一", "private", "n")] == 1
    assert cells[("表一", "state", "n")] == 1
    assert cells[("表一", "none", "n")] == 1
    assert cells[("表二", "100_999", "n")] == 2 and cells[("表二", "lt25", "n")] == 1
    assert cells[("表三", "founded", "n")] == 1
    assert (cells[("表三", "employers", "n")], cells[("表三", "unionised", "n")]) == (3, 2)
    assert cells[("表三", "not_unionised", "n")] == 1
    assert cells[("表三", "workers", "n")] == 428
    assert cells[("表七", "aid", "n")] == 0


def test_return_for_a_street_and_its_checks(district):
    result = returns.annual_return(district.street, YEAR)
    cells = _cells(result)
    assert cells[("表四", "total", "n")] == 4 - 0  # the other street holds no members
    assert cells[("表一", "total", "n")] == 2
    assert returns.all_checks_pass(result["tables"]) is True
    texts = [c.text for t in result["tables"] for c in t.checks]
    assert "人数：其中：女性（2）≤ 年末会员（4）" in texts


def test_a_broken_layout_fails_its_check(district):
    definition = layouts.default_definition(YEAR)
    t4 = definition["tables"][3]
    t4["checks"].append({"total": "total", "parts": ["women"]})
    tables = layouts.compute(definition, district.district, YEAR)
    failed = [c for t in tables for c in t.checks if not c.ok]
    assert [c.text for c in failed] == ["人数：年末会员（4）＝ 其中：女性（2）"]


def test_drill_down_lists_the_rows_behind_a_figure(district, login):
    client = login(district.district_admin)
    page = client.get(f"/reports/annual/D/{YEAR}/表四/women/n/").content.decode()
    assert 'id="cell-total">2<' in page
    assert page.count("甲*") == 2  # names masked
    assert "甲工会会员1" not in page


def test_return_page_links_figures_and_shows_checks(district, login):
    client = login(district.district_admin)
    page = client.get(f"/reports/annual/?org=D&year={YEAR}").content.decode()
    assert f'href="/reports/annual/D/{YEAR}/%E8%A1%A8%E5%9B%9B/women/n/"' in page
    assert 'id="checks-status">全部通过' in page
    assert 'id="edit-layout"' in page


def test_export_is_the_layout_in_xlsx(district, login):
    client = login(district.district_admin)
    response = client.get(f"/reports/annual/S1/{YEAR}/export.xlsx")
    assert response.status_code == 200
    book = CalamineWorkbook.from_filelike(io.BytesIO(response.content))
    assert book.sheet_names[:4] == ["表一", "表二", "表三", "表四"]
    rows = book.get_sheet_by_name("表四").to_python()
    assert rows[0][0] == "工会统计年报 表四 会员情况"
    assert rows[3][:2] == ["项目", "人数"]
    assert [r[:2] for r in rows[4:7]] == [["年末会员", 4.0], ["其中：女性", 2.0], ["农民工", 1.0]]
    assert AuditEvent.objects.filter(action="reports.annual_return.export").count() == 1


def test_union_b_sees_only_its_own(district, login):
    client = login(district.chair_b)
    assert client.get(f"/reports/annual/A/{YEAR}/表四/total/n/").status_code == 404
    assert client.get(f"/reports/annual/A/{YEAR}/export.xlsx").status_code == 404
    page = client.get(f"/reports/annual/?year={YEAR}").content.decode()
    assert "甲工会" not in page
    assert 'data-cell="表四.total.n" title' in page
    cells = _cells(returns.annual_return(district.union_b, YEAR))
    assert cells[("表四", "total", "n")] == 1
    assert 'id="edit-layout"' not in page


def test_district_edits_the_layout_and_the_return_follows(district, login):
    definition = layouts.default_definition(YEAR)
    definition["tables"][3]["rows"].append(
        {"key": "men", "label": "男性会员", "cells": {"n": "=total-women"}}
    )
    client = login(district.district_admin)
    response = client.post(
        f"/reports/annual/layout/{YEAR}/",
        {"definition": json.dumps(definition, ensure_ascii=False)},
    )
    assert response.status_code == 302
    layout = ReturnLayout.objects.get(year=YEAR)
    assert (layout.org, layout.version) == (district.district, 1)
    cells = _cells(returns.annual_return(district.street, YEAR))
    assert cells[("表四", "men", "n")] == 2
    # the following year reads the newest earlier layout
    assert returns.layout_for(district.district, YEAR + 1)[1] == layout
    assert AuditEvent.objects.filter(action="reports.return_layout.create").count() == 1


def test_layout_refuses_unknown_measures_and_bad_formulas(district, login):
    definition = layouts.default_definition(YEAR)
    broken = copy.deepcopy(definition)
    broken["tables"][0]["rows"][0]["cells"]["n"] = "unicorns"
    broken["tables"][1]["rows"][0]["cells"]["n"] = "=total*2"
    broken["tables"][2]["rows"][0]["cells"]["n"] = "members?colour=red"
    with pytest.raises(ValidationError) as error:
        layouts.validate(broken)
    assert error.value.messages == [
        "表一「合计」n：未知的统计项 unicorns",
        "表二「合计」n：公式 =total*2 只能加减本表其他行",
        "表三「年末基层工会（个）」n：统计项 members 不接受参数 colour",
    ]
    client = login(district.district_admin)
    page = client.post(
        f"/reports/annual/layout/{YEAR}/", {"definition": json.dumps(broken)}
    ).content.decode()
    assert "未知的统计项 unicorns" in page
    assert not ReturnLayout.objects.exists()
    page = client.post(f"/reports/annual/layout/{YEAR}/", {"definition": "{"}).content.decode()
    assert "不是有效的 JSON" in page


def test_only_the_district_edits_the_layout(district, login):
    assert login(district.street_admin).get(f"/reports/annual/layout/{YEAR}/").status_code == 403
    definition = layouts.default_definition(YEAR)
    with acting(district.district_admin):
        returns.save_layout(
            actor=district.district_admin, org=district.district, year=YEAR, definition=definition
        )
        with pytest.raises(ValidationError) as error:
            returns.save_layout(
                actor=district.district_admin,
                org=district.district,
                year=YEAR,
                definition=definition,
                version=5,
            )
    assert error.value.messages == ["表式已被他人修改，请刷新后重试"]


def test_return_page_query_count_is_bounded(district, login, django_assert_max_num_queries):
    client = login(district.district_admin)
    client.get(f"/reports/annual/?year={YEAR}")
    with django_assert_max_num_queries(80):
        client.get(f"/reports/annual/?year={YEAR}")


def test_api_gives_the_same_return(district, login):
    client = login(district.district_admin)
    data = client.get(f"/api/v1/reports/annual/?org=S1&year={YEAR}").json()
    t4 = next(t for t in data["tables"] if t["code"] == "表四")
    assert [(r["key"], r["cells"][0]["value"]) for r in t4["rows"][:3]] == [
        ("total", "4"),
        ("women", "2"),
        ("migrant", "1"),
    ]
    assert data["checks_ok"] is True
    outsider = login(district.chair_b)
    assert outsider.get(f"/api/v1/reports/annual/?org=A&year={YEAR}").status_code == 404
    assert outsider.get("/api/v1/reports/figures/?org=A").status_code == 404
    assert client.get("/api/v1/reports/annual/?year=1999").status_code == 422


def _event(member, kind, on, *, from_status="", to_status="", from_org=None, to_org=None):
    from gonghui.members.models import MembershipEvent

    MembershipEvent.unscoped.create(
        member=member,
        kind=kind,
        on_date=on,
        from_status=from_status,
        to_status=to_status,
        from_org=from_org,
        to_org=to_org,
    )


def test_last_years_return_gives_last_years_members(cast, login):
    """Year-end membership is rebuilt from the members' dated history: who withdrew, moved or
    rejoined this year is counted where and as they were at last year's end."""
    c = Org.objects.add_child(cast.other_street, {"code": "C", "kind": "grassroots", "name": "丙"})
    this_year = datetime.date(YEAR + 1, 2, 1)
    stayed = _member(cast.union_a, 11)
    _event(stayed, "join", datetime.date(YEAR - 3, 1, 1), to_status="active", to_org=cast.union_a)
    left = _member(cast.union_a, 12, status="withdrawn")  # withdrew this year
    _event(left, "status", this_year, from_status="active", to_status="withdrawn")
    moved = _member(cast.union_b, 13)  # moved from A to B this year
    _event(
        moved,
        "transfer_in",
        this_year,
        from_status="active",
        to_status="active",
        from_org=cast.union_a,
        to_org=cast.union_b,
    )
    back = _member(cast.union_a, 14)  # withdrew the year before last, rejoined this year
    _event(
        back, "status", datetime.date(YEAR - 1, 5, 1), from_status="active", to_status="withdrawn"
    )
    _event(back, "rejoin", this_year, from_status="withdrawn", to_status="active")
    crossed = _member(cast.union_a, 15, gender="F")  # came from street S2's union C this year
    _event(
        crossed,
        "transfer_in",
        this_year,
        from_status="active",
        to_status="active",
        from_org=c,
        to_org=cast.union_a,
    )

    def members(org, year, **params):
        return MEASURES["members"].total(Span(org, year), **params)

    with acting(cast.district_admin):
        assert members(cast.union_a, YEAR) == 3  # stayed, left, moved
        assert members(cast.union_b, YEAR) == 0
        assert members(cast.street, YEAR) == 3
        assert members(cast.other_street, YEAR) == 1  # crossed, still in C then
        assert members(cast.other_street, YEAR, gender="F") == 1
        assert members(cast.district, YEAR) == 4
        # this year: the roster as it is now (the same figure as the dashboard's)
        assert members(cast.union_a, YEAR + 1) == 3  # stayed, back, crossed
        assert members(cast.district, YEAR + 1) == 4
        listed = MEASURES["members"].rows(Span(cast.other_street, YEAR))
        assert [m.pk for m in listed] == [crossed.pk]
    page = login(cast.district_admin).get(f"/reports/annual/?org=S2&year={YEAR}").content.decode()
    assert 'data-cell="表四.total.n" title' in page
    assert "会员的年末状态按会籍变动记录还原" in page


def test_a_return_is_one_query_per_source_table(district, django_assert_max_num_queries):
    """However many cells a layout has, each source table is read once (conditional counts)."""
    definition = layouts.default_definition(YEAR)
    cells = sum(
        1
        for t in definition["tables"]
        for r in t["rows"]
        for spec in r.get("cells", {}).values()
        if not spec.startswith("=")
    )
    assert cells > 50
    with acting(district.district_admin), django_assert_max_num_queries(18):
        tables = layouts.compute(definition, district.district, YEAR)
    assert len(tables) == len(definition["tables"])


def test_shipped_layout_words_are_in_the_catalogue_list():
    """Every code, title and label of the shipped layouts is named in ``layout_words`` (so the
    catalogue keeps its English) and shows in English on an English page."""
    from django.utils import translation

    from gonghui.reports import layout_words

    shipped = set()

    def walk(node):
        if isinstance(node, dict):
            for key, value in node.items():
                chinese = isinstance(value, str) and any("\u3400" <= c <= "\u9fff" for c in value)
                if key in ("code", "title", "label") and chinese:
                    shipped.add(value)
                else:
                    walk(value)
        elif isinstance(node, list):
            for item in node:
                walk(item)

    for path in layouts.DEFAULTS.glob("*.json"):
        walk(json.loads(path.read_text(encoding="utf-8")))
    assert shipped <= set(layout_words.WORDS)
    with translation.override("en"):
        assert layouts.word("合计") == "Total"
        assert layouts.word("一个区自己写的标签") == "一个区自己写的标签"
