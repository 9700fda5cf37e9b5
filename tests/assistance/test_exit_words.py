"""The exit reason on a file's timeline and the purge's exclusion of an entitlement are kept as
data and worded in the viewer's language (issue 20 item 8); 0012 reads the old Chinese back."""

import importlib

import pytest
from django.apps import apps as django_apps
from django.utils import translation

from gonghui.assistance import services
from gonghui.assistance.workflows import parse_legacy_exit, step_note
from gonghui.core import config
from gonghui.core.models import SettingValue, WorkflowEvent
from tests.conftest import acting
from tests.core.test_demo_pages import _fold_in_fragments

from .helpers import draft_file, set_dibao, to_state

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english():
    # the English of this branch's fragment, before `make messages` compiles it
    _fold_in_fragments()


migration = importlib.import_module(
    "gonghui.assistance.migrations.0012_exit_reason_and_purge_cause_as_data"
)
OLD_INCOME = "人均收入连续超过低保标准（脱困：人均收入连续高于低保的月数 = 6（默认））"


def _exited(cast, reason="income_above", note="再就业", dibao=True):
    if dibao:
        set_dibao(cast)
    file = to_state(cast, draft_file(cast), "filed")
    with acting(cast.chair_a):
        services.exit_file(actor=cast.chair_a, file=file, reason=reason, note=note)
    return file, WorkflowEvent.objects.get(object_id=str(file.pk), transition="exit")


def _setting_value(pk):
    row = SettingValue.objects.filter(pk=pk).first()
    return row.value if row else None


def test_old_exit_text_reads_back_into_data_and_the_note(cast):
    assert parse_legacy_exit(f"{OLD_INCOME} 再就业") == (
        {
            "exit_reason": "income_above",
            "setting": {"key": "assistance.exit_income_months", "value": 6, "version": None},
        },
        "再就业",
    )
    assert parse_legacy_exit("迁出 迁往外省") == ({"exit_reason": "moved"}, "迁往外省")
    assert parse_legacy_exit("去世") == ({"exit_reason": "death"}, "")
    assert parse_legacy_exit("迁出了") is None
    assert parse_legacy_exit("家人自行说明") is None
    with acting(cast.district_admin):
        row = config.set_value(
            actor=cast.district_admin, key="assistance.exit_income_months", value=4
        )
    text = f"人均收入连续超过低保标准（脱困：人均收入连续高于低保的月数 = 4（v{row.pk}））"
    data, note = parse_legacy_exit(text, _setting_value)
    assert (data["setting"]["version"], data["setting"]["value"], note) == (row.pk, 4, "")


def test_migration_converts_exit_steps(cast):
    _file, event = _exited(cast)
    with translation.override("zh-hans"):
        written = step_note(event)
    assert written == f"{OLD_INCOME} 再就业"
    WorkflowEvent.objects.filter(pk=event.pk).update(data={}, reason=written)
    _other, typed = _exited(cast, reason="moved", note="", dibao=False)
    WorkflowEvent.objects.filter(pk=typed.pk).update(data={}, reason="按家属口述")
    migration.to_data(django_apps, None)
    event.refresh_from_db()
    typed.refresh_from_db()
    assert event.reason == "再就业" and event.data["exit_reason"] == "income_above"
    assert (typed.data, typed.reason) == ({}, "按家属口述")
    migration.to_text(django_apps, None)
    event.refresh_from_db()
    assert (event.data, event.reason) == ({}, written)


def test_the_file_page_shows_the_exit_reason_in_the_viewers_language(cast, login):
    file, _event = _exited(cast)
    client = login(cast.chair_a)
    url = f"/assistance/files/{file.pk}/"
    assert f"{OLD_INCOME} 再就业" in client.get(url).content.decode()
    with translation.override("en"):
        english = client.get(url, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "人均收入连续" not in english and "再就业" in english
