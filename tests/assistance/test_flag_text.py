"""What a duplicate-aid flag found is kept as data and worded in the viewer's language (issue
20 item 8); flags stored as Chinese text are read back by 0011."""

import importlib
import re

import pytest
from django.apps import apps as django_apps
from django.utils import translation

from gonghui.assistance import flag_text
from gonghui.assistance.enums import FlagKind
from gonghui.assistance.models import Flag
from gonghui.core.models import SettingValue
from tests.core.test_demo_pages import _fold_in_fragments

from .helpers import TODAY, civil_affairs_grant, set_dibao
from .test_integrity import filed
from .test_programmes import make_cycle, nominate

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english():
    # the English of this branch's fragment, before `make messages` compiles it
    _fold_in_fragments()


HAN = re.compile(r"[\u4e00-\u9fff]")
migration = importlib.import_module("gonghui.assistance.migrations.0011_flag_finding_as_data")


def _flagged(cast):
    """Overlap with another programme, outside aid in the period, the cross-programme cap."""
    set_dibao(cast)
    file = filed(cast)
    emergency = make_cycle(cast, kind="emergency", budget="50000")
    living = make_cycle(cast, kind="living", budget="50000")
    nominate(cast, emergency, file, amount="9000")
    member = file.household.get(relationship="self")
    civil_affairs_grant(cast, member)
    return living, member, nominate(cast, living, file, amount="9000")


def _setting_value(pk):
    row = SettingValue.objects.filter(pk=pk).first()
    return row.value if row else None


def test_flags_keep_data_and_read_in_both_languages(cast):
    _living, member, entitlement = _flagged(cast)
    flags = {f.kind + f.key[:1]: f for f in entitlement.flags.all()}
    assert all(f.detail == "" and f.data for f in flags.values())
    cap = flags[FlagKind.CROSS_CAP + str(TODAY.year)[:1]]
    assert cap.data["setting"] == {
        "key": "assistance.yearly_aid_cap",
        "value": "20000",
        "version": None,
    }
    outside = flags[FlagKind.OVERLAP + "x"]
    with translation.override("zh-hans"):
        assert outside.shown_detail == (
            f"{member.name} 同期已获外部救助：民政临时救助 ¥3,000.00（{TODAY:%Y-%m-%d}）"
        )
    with translation.override("en"):
        english = {k: f.shown_detail for k, f in flags.items()}
    assert english[FlagKind.OVERLAP + "x"] == (
        f"{member.name} received outside aid in the same period: 民政临时救助 ¥3,000.00 "
        f"({TODAY:%Y-%m-%d})"
    )
    assert english[FlagKind.OVERLAP + "e"].startswith("Already received Temporary relief “")
    assert english[FlagKind.CROSS_CAP + str(TODAY.year)[:1]].startswith(
        f"The household's total across programmes and outside aid in {TODAY.year}, ¥21,000.00, "
        "exceeds the yearly cap of ¥20,000.00 ("
    )
    for text in english.values():
        assert not HAN.search(
            text.replace(member.name, "")
            .replace("民政临时救助", "")
            .replace("甲工会（甲公司工会）", "")
            .replace(f"{TODAY.year} emergency", "")
        )


def test_every_wording_reads_back_into_its_data(cast):
    """The Chinese each check wrote before 0011 parses back to exactly the data written now."""
    _living, _member, entitlement = _flagged(cast)
    with translation.override("zh-hans"):
        samples = [f.data for f in entitlement.flags.all()] + [
            {
                "check": "same_id",
                "name": "张三",
                "masked_id": "4201**********1234",
                "number": "KN-2026-0001",
                "union": "甲工会（甲公司工会）",
                "status": "filed",
            },
            {"check": "file_bank", "number": "KN-2026-0002", "union": "乙工会"},
            {"check": "payee_bank_file", "number": "KN-2026-0003", "union": "甲工会（甲公司工会）"},
            {"check": "payee_bank_worker", "union": "乙工会"},
            {
                "check": "living_cap",
                "total": "12000.01",
                "cap": "12000.00",
                "months": 12,
                "dibao": "1000.00",
                "setting": {
                    "key": "assistance.living_aid_cap_months",
                    "value": 12,
                    "version": None,
                },
            },
            {
                "check": "student_outside",
                "name": "李四",
                "source": "民政助学金",
                "amount": "2000.00",
                "year": 2026,
            },
            {"check": "student_listed", "name": "李四", "cycle": "2026 金秋助学"},
        ]
        for data in samples:
            assert flag_text.parse_legacy(flag_text.describe(data), _setting_value) == data
    assert flag_text.parse_legacy("甲工会提示") is None


def test_migration_reads_old_text_back_and_keeps_the_rest(cast):
    _living, _member, entitlement = _flagged(cast)
    with translation.override("zh-hans"):
        written = {f.pk: (f.data, f.shown_detail) for f in entitlement.flags.all()}
    for pk, (_data, text) in written.items():
        Flag.unscoped.filter(pk=pk).update(data={}, detail=text)
    typed = Flag.unscoped.create(
        org=cast.union_a,
        entitlement=entitlement,
        kind=FlagKind.OVERLAP,
        key="typed",
        detail="甲工会提示",
    )
    migration.to_data(django_apps, None)
    for pk, (data, _text) in written.items():
        row = Flag.unscoped.get(pk=pk)
        assert (row.data, row.detail) == (data, "")
    typed.refresh_from_db()
    assert (typed.data, typed.detail) == ({}, "甲工会提示")
    with translation.override("en"):
        assert typed.shown_detail == "甲工会提示"
    migration.to_text(django_apps, None)
    for pk, (_data, text) in written.items():
        assert Flag.unscoped.get(pk=pk).detail == text


def test_cycle_page_and_api_show_flags_in_the_viewers_language(cast, login):
    living, _member, entitlement = _flagged(cast)
    client = login(cast.chair_a)
    url = f"/assistance/cycles/{living.pk}/"
    chinese = client.get(url).content.decode()
    assert "同期已获外部救助：民政临时救助 ¥3,000.00" in chinese
    with translation.override("en"):
        english = client.get(url, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "received outside aid in the same period: 民政临时救助 ¥3,000.00" in english
    assert "同期已获" not in english
    with translation.override("en"):
        api = client.get(
            f"/api/v1/assistance/files/{entitlement.file_id}", HTTP_ACCEPT_LANGUAGE="en"
        )
    details = [f["detail"] for f in api.json()["flags"]]
    assert all("同期" not in d and "银行账户" not in d for d in details)
