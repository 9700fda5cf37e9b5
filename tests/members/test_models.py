"""The notes the system writes on a member's history and transfers (``note_text``,
``reason_text``): kept as the message and its parameters, read in the reader's language; typed
notes and notes written before read as stored."""

import pytest
from django.utils import translation

from gonghui.members import services
from gonghui.members.models import EventKind, MembershipEvent, MemberStatus, Transfer
from tests.conftest import acting

from .helpers import add_member, new_phone

pytestmark = pytest.mark.django_db


def _read(language, obj, attribute):
    with translation.override(language):
        return getattr(obj, attribute)


def _edit(user, member, **fields):
    with acting(user):
        services.update_member(actor=user, member=member, version=member.version, **fields)
    return member.events.get(kind=EventKind.EDIT)


def test_an_edit_written_in_chinese_names_the_fields_in_english(cast):
    member = add_member(cast.chair_a, cast.union_a)
    with translation.override("zh-hans"):
        event = _edit(cast.chair_a, member, name="甲工会改名", phone=new_phone())
    assert event.note == '\x1e["修改：{fields}",{"fields":["name","phone"]}]'
    assert _read("en", event, "note_text") == "Changed: Full name, Mobile number"
    assert _read("zh-hans", event, "note_text") == "修改：姓名、手机号"


def test_an_edit_written_in_english_reads_in_chinese(cast):
    member = add_member(cast.chair_a, cast.union_a)
    with translation.override("en"):
        event = _edit(cast.chair_a, member, employment_form="dispatch")
    assert _read("zh-hans", event, "note_text") == "修改：用工形式"
    assert _read("en", event, "note_text") == "Changed: Form of employment"


@pytest.mark.parametrize("writer, reader", [("zh-hans", "en"), ("en", "zh-hans")])
def test_a_transfer_out_names_its_destination_in_the_readers_language(cast, writer, reader):
    member = add_member(cast.chair_a, cast.union_a)
    with translation.override(writer), acting(cast.chair_a):
        services.initiate_transfer(
            actor=cast.chair_a,
            member=member,
            destination_text="外省某{公司}工会",
            reason="随家人迁居",
        )
    event = member.events.get(kind=EventKind.TRANSFER_OUT)
    expected = {
        "en": "Transferred to: 外省某{公司}工会; 随家人迁居",
        "zh-hans": "转往：外省某{公司}工会；随家人迁居",
    }
    assert _read(reader, event, "note_text") == expected[reader]


def test_a_transfer_within_the_district_names_the_receiving_union(cast):
    member = add_member(cast.chair_a, cast.union_a)
    with translation.override("zh-hans"), acting(cast.chair_a):
        transfer = services.initiate_transfer(
            actor=cast.chair_a, member=member, to_org=cast.union_b
        )
    with translation.override("zh-hans"), acting(cast.chair_b):
        services.confirm_transfer(actor=cast.chair_b, transfer=transfer)
    event = member.events.get(kind=EventKind.TRANSFER_IN)
    assert _read("en", event, "note_text") == f"Transferred to: {cast.union_b.name}"


def test_a_long_destination_and_reason_fit_the_note(cast):
    member = add_member(cast.chair_a, cast.union_a)
    with acting(cast.chair_a):
        services.initiate_transfer(
            actor=cast.chair_a, member=member, destination_text="乙" * 200, reason="因" * 300
        )
    event = member.events.get(kind=EventKind.TRANSFER_OUT)
    assert len(event.note) <= 300
    assert _read("zh-hans", event, "note_text").startswith("转往：" + "乙" * 200 + "；因")


def test_join_and_approval_notes_read_in_the_readers_language(cast):
    with translation.override("en"):
        member = add_member(cast.chair_a, cast.union_a)
    event = member.events.get(kind=EventKind.JOIN)
    assert (_read("zh-hans", event, "note_text"), _read("en", event, "note_text")) == (
        "入会",
        "Joined",
    )


@pytest.mark.parametrize(
    "stored",
    [
        "修改：姓名、手机号",  # written in Chinese before the notes were composed
        "Changed: Full name",  # written in English before
        "Transferred to: 外省某公司工会；随家人迁居",
        "入会",
    ],
)
def test_notes_written_before_read_as_stored(cast, stored):
    member = add_member(cast.chair_a, cast.union_a)
    MembershipEvent.objects.filter(member=member).update(note=stored)
    event = member.events.get()
    assert _read("en", event, "note_text") == _read("zh-hans", event, "note_text") == stored


def test_the_reason_of_a_transfer_reads_as_typed(cast):
    member = add_member(cast.chair_b, cast.union_b)
    with acting(cast.chair_a):
        transfer = services.request_transfer(
            actor=cast.chair_a,
            id_number=member.id_number,
            to_org=cast.union_a,
            reason='["名册导入",{}]',
        )
    assert _read("en", Transfer.unscoped.get(pk=transfer.pk), "reason_text") == '["名册导入",{}]'


@pytest.mark.parametrize(
    "typed, shown",
    [
        ('\x1e["入会",{}]', "[&quot;入会&quot;,{}]"),  # the mark is dropped by the form
        ('["入会",{}]', "[&quot;入会&quot;,{}]"),
        ("转往：{destination}", "转往：{destination}"),
        ("随车间整体入会", "随车间整体入会"),
    ],
)
def test_a_typed_note_reads_as_typed_on_the_page(cast, login, typed, shown):
    member = add_member(cast.chair_a, cast.union_a)
    client = login(cast.chair_a)
    client.post(
        f"/members/{member.pk}/status/",
        {"status": MemberStatus.RETIRED, "reason": typed},
        HTTP_ACCEPT_LANGUAGE="zh-hans",
    )
    event = member.events.get(kind=EventKind.STATUS)
    assert event.note == typed.lstrip("\x1e")
    english = client.get(f"/members/{member.pk}/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert f"({shown})" in english and "Joined" in english
