"""One source for each figure: the home card, the coverage dashboard, 会员统计 and the API show
the same member count, equal to the members counted from the roster itself, on the demo and on
a seeded district; figures say as of when; they are right without the worker."""

import datetime
import re

import pytest
from django.core.management import call_command

from gonghui.core.models import User
from gonghui.members.models import KEEPS_MEMBERSHIP, Member
from gonghui.orgs.models import Employer, Org
from gonghui.reports import figures, services
from gonghui.reports.models import RollupState
from tests.conftest import _assign, _ck, _user, acting

pytestmark = pytest.mark.django_db


def _number(html, pattern):
    match = re.search(pattern, html, re.S)
    assert match, pattern
    return int(match.group(1).replace(",", ""))


def _shown_everywhere(client, org):
    """The member count as each surface shows it for ``org``'s subtree."""
    home = client.get("/").content.decode()
    dashboard = client.get(f"/reports/{org.code}/").content.decode()
    stats = client.get(f"/members/stats/?org={org.code}").content.decode()
    return {
        "home": _number(home, r'data-figure="members">([\d,]+)<'),
        "dashboard": _number(dashboard, r'id="fig-members">([\d,]+)<'),
        "members_stats": _number(stats, r'id="total">([\d,]+)<'),
        "api_reports": client.get(f"/api/v1/reports/figures/?org={org.code}").json()["members"],
        "api_members": client.get(f"/api/v1/members/stats/?org={org.code}").json()["total"],
    }


def _counted(org):
    return Member.unscoped.filter(
        org_path__startswith=org.path, status__in=KEEPS_MEMBERSHIP
    ).count()


def _other_figures(client, org):
    """Each figure other apps show on the home page (one selector each), as the home page,
    this year's annual return (page and API), the district report and the API give it."""
    year = datetime.date.today().year
    home = client.get("/").content.decode()
    data = client.get(f"/api/v1/reports/annual/?org={org.code}&year={year}").json()
    cells = {
        (t["code"], r["key"]): r["cells"][0]["value"] for t in data["tables"] for r in t["rows"]
    }
    page = client.get(f"/reports/annual/?org={org.code}&year={year}").content.decode()
    figures_api = client.get(f"/api/v1/reports/figures/?org={org.code}").json()
    report = client.get(f"/reports/district/{org.code}/").content.decode()
    contract_stats = client.get(f"/workplace/contracts/stats/?org={org.code}").content.decode()
    contract_api = client.get(f"/api/v1/workplace/stats?org_code={org.code}").json()
    return {
        "employers": {
            "home": _number(home, r'data-figure="employers">([\d,]+)<'),
            "annual_return": int(cells[("表三", "employers")]),
            "annual_page": _number(page, r'data-cell="表三.employers.n"[^>]*>([\d,]+)<'),
            "api_figures": figures_api["employers"],
            "workplace_stats": _number(contract_stats, r'id="stat-employers">([\d,]+)<'),
            "api_workplace": contract_api["employers"],
        },
        "hardship_files": {
            "home": _number(home, r'data-figure="hardship_files">([\d,]+)<'),
            "annual_return": int(cells[("表七", "files")]),
            "annual_page": _number(page, r'data-cell="表七.files.n"[^>]*>([\d,]+)<'),
        },
        "contracts": {
            "home": _number(home, r'data-figure="contracts_in_force">([\d,]+)<'),
            "annual_return": int(cells[("表六", "contracts")]),
            "annual_page": _number(page, r'data-cell="表六.contracts.n"[^>]*>([\d,]+)<'),
            "district_report": _number(report, r'id="now-contracts-0">([\d,]+)<'),
            "workplace_stats": _number(contract_stats, r'id="contracts-in-force">([\d,]+)<'),
            "api_workplace": contract_api["in_force"],
        },
        "members": {
            "home": _number(home, r'data-figure="members">([\d,]+)<'),
            "annual_return": int(cells[("表四", "total")]),
            "district_report": _number(report, r'id="now-members-0">([\d,]+)<'),
        },
    }


def test_figures_agree_on_the_demo(login):
    from gonghui.core.demo import load_demo
    from gonghui.workplace.models import Contract

    load_demo()
    district = Org.objects.get(code="HP")
    truth = _counted(district)
    assert truth > 100
    client = login(User.objects.get(username="district"))
    assert set(_shown_everywhere(client, district).values()) == {truth}
    # the other apps' home figures read the selectors the return and the report read
    other = _other_figures(client, district)
    for name, shown in other.items():
        assert len(set(shown.values())) == 1, (name, shown)
    assert other["members"]["home"] == truth
    assert other["employers"]["home"] == Employer.unscoped.filter(is_active=True).count()
    assert other["contracts"]["home"] > 0 and other["hardship_files"]["home"] > 0
    assert Contract.unscoped.filter(status="in_force").count() >= other["contracts"]["home"]
    # the demo's other apps write members directly; the figures still count them all
    assert Member.unscoped.filter(org__code="HP0101", status="active").count() > 0
    page = client.get("/reports/HP/").content.decode()
    assert "数据截至" in page


def test_figures_agree_on_a_seeded_district(login):
    call_command("seed", members=400, orgs=12, seed=7, code="SEED7", stdout=open("/dev/null", "w"))
    root = Org.objects.get(code="SEED7")
    street = Org.objects.filter(path__startswith=root.path, kind="street").order_by("path")[0]
    user = _user("seed-admin", "种子区管理员")
    _assign(user, root, "district_admin")
    client = login(user)
    truth = _counted(root)
    assert (
        truth
        == 400
        - Member.unscoped.filter(org_path__startswith=root.path)
        .exclude(status__in=KEEPS_MEMBERSHIP)
        .count()
    )
    assert set(_shown_everywhere(client, root).values()) == {truth}
    for name, shown in _other_figures(client, root).items():
        assert len(set(shown.values())) == 1, (name, shown)
    shown = _shown_everywhere(client, street)
    assert {shown["dashboard"], shown["members_stats"], shown["api_reports"]} == {_counted(street)}


def test_a_new_member_counts_at_once_without_the_worker(cast, login):
    from gonghui.core.text.idnumbers import make_id_number
    from gonghui.members.services import create_member

    services.recompute_all()
    client = login(cast.district_admin)
    before = _shown_everywhere(client, cast.district)
    assert set(before.values()) == {0}
    with acting(cast.chair_a):
        create_member(
            actor=cast.chair_a,
            org=cast.union_a,
            name="甲工会新会员",
            id_number=make_id_number("110105", datetime.date(1991, 2, 3), 7),
            join_date=datetime.date.today(),
        )
    assert RollupState.objects.get(pk=1).dirty_since is not None
    assert set(_shown_everywhere(client, cast.district).values()) == {1}
    assert RollupState.objects.get(pk=1).dirty_since is None


def test_slow_recompute_is_queued_and_the_page_says_since_when(cast, login, settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    services.recompute_all()
    state = RollupState.objects.get(pk=1)
    computed = state.computed_at
    RollupState.objects.filter(pk=1).update(duration_ms=60_000)
    figures.mark_dirty()
    fresh = figures.ensure_fresh()
    assert fresh.recomputing is True
    assert fresh.stale_since == RollupState.objects.get(pk=1).dirty_since
    assert fresh.computed_at == computed
    page = login(cast.district_admin).get("/reports/").content.decode()
    assert "起已过期，后台正在重新计算" in page


def test_fresh_figures_are_not_recomputed(cast, django_assert_max_num_queries):
    services.recompute_all()
    computed = RollupState.objects.get(pk=1).computed_at
    # the state row, the stale_minutes setting, the latest employer and org changes
    with django_assert_max_num_queries(4):
        fresh = figures.ensure_fresh()
    assert (fresh.stale_since, fresh.recomputing, fresh.computed_at) == (None, False, computed)


def test_an_employer_change_counts_at_once(cast, login):
    services.recompute_all()
    client = login(cast.district_admin)
    page = client.get("/reports/").content.decode()
    assert 'id="fig-unionisation-rate">100.0%<' in page
    Employer.unscoped.create(
        org=cast.street,
        name="未建会小店",
        credit_code="91320102MA1000007" + _ck("91320102MA1000007"),
        industry="retail",
        ownership="private",
        headcount=5,
    )
    page = client.get("/reports/").content.decode()
    assert 'id="fig-unionisation-rate">66.7%<' in page
