"""Encryption at rest, blind indexes, masking, reveal auditing and key rotation."""

import base64
import datetime
import logging

import pytest
from django.core.management import call_command
from django.db import connection

from gonghui.core import crypto
from gonghui.core.fields import blind_index_for
from gonghui.core.masking import mask_account, mask_id_number, mask_name, mask_phone
from gonghui.core.models import AuditEvent
from gonghui.members.models import Member

pytestmark = pytest.mark.django_db
ID = "11010519491231002X"
PHONE = "13800000001"


def _member(cast, **extra):
    values = dict(
        org=cast.union_a,
        name="甲工会张三",
        gender="M",
        birth_date=datetime.date(1949, 12, 31),
        id_number=ID,
        phone=PHONE,
        join_date=datetime.date(2020, 1, 1),
        card_number="C1",
    )
    values.update(extra)
    return Member.unscoped.create(**values)


def _raw(column, pk):
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {column} FROM members_member WHERE id = %s", [pk])  # noqa: S608
        return cursor.fetchone()[0]


def test_encrypted_value_is_not_stored_in_clear(cast):
    member = _member(cast)
    stored = _raw("id_number", member.pk)
    assert ID not in stored
    assert stored.startswith("t1$")
    assert Member.unscoped.get(pk=member.pk).id_number == ID


def test_same_value_encrypts_differently_each_time():
    assert crypto.encrypt(ID) != crypto.encrypt(ID)
    assert crypto.decrypt(crypto.encrypt(ID)) == ID


def test_blind_index_finds_exact_value_and_normalises(cast):
    member = _member(cast)
    found = Member.unscoped.get(id_number_index=blind_index_for(Member, "id_number", ID.lower()))
    assert found.pk == member.pk
    assert ID not in _raw("id_number_index", member.pk)


def test_blind_index_enforces_one_person_one_member(cast):
    from django.db import IntegrityError

    _member(cast)
    with pytest.raises(IntegrityError):
        _member(cast, card_number="C2", id_number=ID.lower())


def test_blind_indexes_differ_by_purpose():
    assert crypto.blind_index("x", "a") != crypto.blind_index("x", "b")


@pytest.mark.parametrize(
    ("value", "masked"),
    [
        ("32010219900101123X", "3201**********123X"),
        ("13800000001", "138****0001"),
    ],
)
def test_masks(value, masked):
    mask = mask_id_number if len(value) == 18 else mask_phone
    assert mask(value) == masked


def test_other_masks():
    assert mask_name("张三丰") == "张**"
    assert mask_account("6222020200112233445") == "***************3445"


def test_key_rotation_reencrypts_and_old_rows_still_decrypt(cast, settings):
    member = _member(cast)
    old_key = settings.DATA_KEYS
    new = "t2:" + base64.urlsafe_b64encode(b"n" * 32).decode()
    settings.DATA_KEYS = f"{new},{old_key}"
    crypto.reset_keyring()
    try:
        assert Member.unscoped.get(pk=member.pk).id_number == ID  # old key still readable
        call_command("rotate_data_key")
        assert _raw("id_number", member.pk).startswith("t2$")
        assert Member.unscoped.get(pk=member.pk).id_number == ID
    finally:
        settings.DATA_KEYS = old_key
        crypto.reset_keyring()


def test_reveal_requires_permission_and_is_audited(cast, login):
    member = _member(cast)
    url = f"/reveal/members.member/{member.pk}/id_number/"
    response = login(cast.chair_a).post(url)
    assert response.status_code == 200
    assert ID in response.content.decode()
    event = AuditEvent.unscoped.get(action="core.sensitive.reveal")
    assert event.actor == cast.chair_a
    assert event.extra == {"field": "id_number"}
    assert ID not in str(event.changes) + str(event.extra) + event.object_repr
    assert login(cast.chair_b).post(url).status_code == 404
    assert login(cast.member_user).post(url).status_code == 403


def test_clear_values_never_reach_logs_urls_or_audit(cast, login, caplog):
    caplog.set_level(logging.DEBUG)
    member = _member(cast)
    client = login(cast.chair_a)
    pages = [client.get(f"/members/{member.pk}/"), client.get("/members/")]
    for event in AuditEvent.unscoped.all():
        assert ID not in str(event.changes) and PHONE not in str(event.changes)
        assert ID not in str(event.extra) and PHONE not in str(event.extra)
    assert ID not in caplog.text and PHONE not in caplog.text
    for page in pages:
        assert ID not in page.get("Location", "")
        if page.status_code == 200:
            assert ID not in page.content.decode()


@pytest.mark.parametrize("value", ["", "x", ID, ID.lower(), " 13800000001", "+86 138 0000 0001"])
def test_bulk_indexers_give_the_same_values(value):
    # the importer keys each HMAC once a batch: same indexes and card numbers as one at a time
    from gonghui.core.fields import indexer_for
    from gonghui.members.services import card_number_for, card_numbers

    assert crypto.blind_indexer("p")(value) == crypto.blind_index(value, "p")
    for field in ("id_number", "phone"):
        assert indexer_for(Member, field)(value) == blind_index_for(Member, field, value)
    if value:
        assert card_numbers()(value) == card_number_for(value)


def test_encrypt_many_round_trips():
    sealed = crypto.encrypt_many(["甲", "", PHONE])
    assert sealed[1] == ""
    assert [crypto.decrypt(sealed[0]), crypto.decrypt(sealed[2])] == ["甲", PHONE]
    assert len({sealed[0].split("$")[1][:16], sealed[2].split("$")[1][:16]}) == 2  # own nonces
