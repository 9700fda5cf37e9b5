"""Settings show values people read, never Python reprs or codes (issue 20, item 8)."""

from decimal import Decimal

import pytest
from django.utils import translation

from gonghui.core import config


@pytest.mark.parametrize(
    ("value", "shown"),
    [
        (True, "是"),
        (False, "否"),
        (None, "—"),
        (Decimal("1708.10000000000"), "1,708.10"),  # grouped as amounts are
        (Decimal("0.30"), "0.30"),
        (Decimal("1700"), "1,700"),
        (["safety"], "安全生产与职业健康"),
        ({"primary": 500, "junior": 800}, "primary：500；junior：800"),
        ([["创新性", 30, 10], ["可行性", 25, 10]], "创新性 30 10；可行性 25 10"),
        ([{"min": 90, "level": "模范职工之家"}], "最低百分比：90；等级：模范职工之家"),
    ],
)
def test_setting_values_read_as_words(value, shown):
    with translation.override("zh-hans"):
        assert config.display(value, config.module_choices("rights")) == shown


@pytest.mark.django_db
def test_settings_page_names_modules_and_shows_no_repr(cast, login):
    body = login(cast.district_admin).get("/settings/").content.decode()
    assert "困难职工帮扶" in body
    for raw in ("<td>assistance</td>", "True", "None", "['", "{'"):
        assert raw not in body


@pytest.mark.django_db
def test_settings_page_is_grouped_by_module_with_a_jump_bar(cast, login):
    """Well over a hundred rules on one page: each module's under its own heading, once, and a
    bar of links on top leads to each."""
    import re

    body = login(cast.district_admin).get("/settings/").content.decode()
    modules = list(dict.fromkeys(d.module for d in config.definitions().values()))
    assert len(modules) > 5
    for module in modules:
        assert body.count(f'id="m-{module}"') == 1
        assert f'href="#m-{module}"' in body
    rows = re.findall(r'<tr id="s-([\w.]+)"', body)
    assert sorted(rows) == sorted(config.definitions())


@pytest.mark.django_db
def test_setting_values_and_kept_settings_read_in_english():
    from tests.core.test_demo_pages import _fold_in_fragments

    _fold_in_fragments()
    labels = config.module_choices("rights")
    with translation.override("en"):
        assert config.display(["safety", "wages"], labels) == (
            "Work safety and occupational health, Unpaid wages"
        )
        assert config.display([{"min": 90, "level": "模范职工之家"}], labels) == (
            "Minimum percentage: 90; Rating: Model workers' home"
        )
        kept = config.snapshot("rights.urgent_wage_workers")
        assert kept == {"key": "rights.urgent_wage_workers", "value": 10, "version": None}
        assert config.describe_snapshot(kept) == "Urgent head count for unpaid wages = 10 (Default)"
        assert config.describe("rights.urgent_wage_workers") == config.describe_snapshot(kept)
    with translation.override("zh-hans"):
        assert config.describe_snapshot(kept) == "欠薪诉求紧急人数 = 10（默认）"
        assert config.describe_snapshot({**kept, "version": 7}) == "欠薪诉求紧急人数 = 10（v7）"
