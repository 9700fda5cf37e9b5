import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404

from gonghui.core.models import AuditEvent
from gonghui.core.text.idnumbers import make_id_number
from gonghui.members import services
from gonghui.members.models import EventKind, Member, MemberStatus, MemberTally, TransferStatus
from tests.conftest import acting

from .helpers import add_member, new_id

pytestmark = pytest.mark.django_db


def test_create_member_derives_gender_birth_and_keys(cast):
    id_number = make_id_number("320102", datetime.date(1988, 5, 4), 7, "F")
    member = add_member(
        cast.chair_a, cast.union_a, name="张三", id_number=id_number, phone="+86 139 0000 1111"
    )
    assert (member.gender, member.birth_date) == ("F", datetime.date(1988, 5, 4))
    assert (member.name_pinyin, member.name_initials) == ("zhangsan", "zs")
    assert member.id_tail == id_number[-6:] and member.phone_tail == "1111"
    assert member.phone == "13900001111"
    assert member.card_number.startswith("GH")
    assert list(member.events.values_list("kind", flat=True)) == [EventKind.JOIN]
    event = AuditEvent.objects.get(action="members.member.create")
    assert id_number not in str(event.changes) and "13900001111" not in str(event.changes)


@pytest.mark.parametrize(
    "fields, field, message",
    [
        ({"id_number": "320102198805040071"}, "id_number", "校验位"),
        ({"id_number": "32010219880504007"}, "id_number", "17 位"),
        ({"id_number": "320102880504007"}, "id_number", "15 位"),
        ({"id_number": "320102198802300075"}, "id_number", "不存在"),
        ({"gender": "F"}, "gender", "性别与身份证号不符"),
        ({"phone": "1390000111"}, "phone", "11 位"),
        (
            {"join_date": datetime.date.today() + datetime.timedelta(days=3)},
            "join_date",
            "晚于今天",
        ),
        ({"join_date": datetime.date(2000, 1, 1)}, "join_date", "未满 16 周岁"),
    ],
)
def test_create_member_refuses_bad_facts(cast, fields, field, message):
    data = {
        "id_number": make_id_number("320102", datetime.date(1988, 5, 4), 3, "M"),
        "phone": "13900001111",
        **fields,
    }
    with acting(cast.chair_a), pytest.raises(ValidationError) as exc:
        services.create_member(actor=cast.chair_a, org=cast.union_a, name="李四", **data)
    assert any(message in m for m in exc.value.message_dict[field])


def test_same_person_twice_is_refused_and_other_union_points_to_transfer(cast):
    id_number = new_id()
    add_member(cast.chair_a, cast.union_a, id_number=id_number)
    with acting(cast.chair_a), pytest.raises(ValidationError, match="已登记为会员"):
        services.create_member(actor=cast.chair_a, org=cast.union_a, name="甲", id_number=id_number)
    with acting(cast.chair_b), pytest.raises(ValidationError, match="会籍接转"):
        services.create_member(
            actor=cast.chair_b, org=cast.union_b, name="乙", id_number=id_number.lower()
        )


def test_chair_b_cannot_create_in_union_a(cast):
    with acting(cast.chair_b), pytest.raises(Http404):
        services.create_member(actor=cast.chair_b, org=cast.union_a, name="x", id_number=new_id())


def test_member_role_cannot_create(cast):
    with acting(cast.member_user), pytest.raises(PermissionDenied):
        services.create_member(
            actor=cast.member_user, org=cast.union_a, name="x", id_number=new_id()
        )


def test_update_refuses_stale_version(cast):
    member = add_member(cast.chair_a, cast.union_a)
    with acting(cast.chair_a):
        services.update_member(actor=cast.chair_a, member=member, version=1, name="甲工会新名")
        with pytest.raises(ValidationError, match="已被他人修改"):
            services.update_member(actor=cast.chair_a, member=member, version=1, name="旧表单")
    member.refresh_from_db()
    assert (member.name, member.version, member.name_pinyin) == (
        "甲工会新名",
        2,
        member.name_pinyin,
    )
    assert member.events.filter(kind=EventKind.EDIT).count() == 1


def test_status_history_is_dated(cast):
    member = add_member(cast.chair_a, cast.union_a)
    day = datetime.date.today() - datetime.timedelta(days=10)
    with acting(cast.chair_a):
        services.change_status(
            actor=cast.chair_a, member=member, status=MemberStatus.RETIRED, on_date=day
        )
        with pytest.raises(ValidationError, match="原因"):
            services.change_status(actor=cast.chair_a, member=member, status=MemberStatus.WITHDRAWN)
        services.change_status(
            actor=cast.chair_a, member=member, status=MemberStatus.DECEASED, reason="病故"
        )
        with pytest.raises(ValidationError, match="不能从"):
            services.change_status(actor=cast.chair_a, member=member, status=MemberStatus.ACTIVE)
    rows = list(
        member.events.order_by("id").values_list("kind", "from_status", "to_status", "on_date")
    )
    assert rows[1] == (EventKind.STATUS, "active", "retired", day)
    assert rows[2][:3] == (EventKind.STATUS, "retired", "deceased")


def test_transfer_released_then_accepted(cast):
    member = add_member(cast.chair_a, cast.union_a)
    with acting(cast.chair_a):
        transfer = services.initiate_transfer(
            actor=cast.chair_a, member=member, to_org=cast.union_b, reason="换工作"
        )
        with pytest.raises(PermissionDenied, match="接收方"):
            services.confirm_transfer(actor=cast.chair_a, transfer=transfer)
    assert transfer.status == TransferStatus.AWAITING_ACCEPT
    with acting(cast.chair_b):
        services.confirm_transfer(actor=cast.chair_b, transfer=transfer)
    member.refresh_from_db()
    assert member.org == cast.union_b and member.org_path == cast.union_b.path
    assert member.status == MemberStatus.ACTIVE
    tallies = dict(MemberTally.objects.values_list("org__code", "count"))
    assert tallies == {"B": 1}
    event = member.events.get(kind=EventKind.TRANSFER_IN)
    assert (event.from_org, event.to_org) == (cast.union_a, cast.union_b)


def test_transfer_requested_by_receiver_and_withdrawn(cast):
    id_number = new_id()
    member = add_member(cast.chair_a, cast.union_a, id_number=id_number)
    with acting(cast.chair_b):
        transfer = services.request_transfer(
            actor=cast.chair_b, id_number=id_number, to_org=cast.union_b
        )
        with pytest.raises(ValidationError, match="理由"):
            services.withdraw_transfer(actor=cast.chair_b, transfer=transfer, reason=" ")
        services.withdraw_transfer(actor=cast.chair_b, transfer=transfer, reason="录入错误")
    transfer.refresh_from_db()
    member.refresh_from_db()
    assert transfer.status == TransferStatus.WITHDRAWN and transfer.close_reason == "录入错误"
    assert member.org == cast.union_a


def test_transfer_out_of_district_records_destination(cast):
    member = add_member(cast.chair_a, cast.union_a)
    with acting(cast.chair_a):
        transfer = services.initiate_transfer(
            actor=cast.chair_a, member=member, destination_text="外省某公司工会"
        )
    member.refresh_from_db()
    assert transfer.status == TransferStatus.DONE
    assert member.status == MemberStatus.TRANSFERRED_OUT
    assert "外省某公司工会" in member.events.get(kind=EventKind.TRANSFER_OUT).note


def test_members_hold_org_against_dissolving(cast):
    add_member(cast.chair_a, cast.group_a)
    with acting(cast.district_admin), pytest.raises(ValidationError, match="1 条"):
        from gonghui.orgs import services as org_services

        org_services.dissolve_org(actor=cast.district_admin, org=cast.union_a, reason="注销")


def test_merge_moves_members_and_move_repaths(cast):
    from gonghui.orgs import services as org_services

    member = add_member(cast.chair_a, cast.union_a)
    with acting(cast.district_admin):
        org_services.move_org(
            actor=cast.district_admin, org=cast.union_a, new_parent=cast.other_street
        )
        member.refresh_from_db()
        cast.union_a.refresh_from_db()
        assert member.org_path == cast.union_a.path
        assert set(MemberTally.objects.values_list("org_path", flat=True)) == {cast.union_a.path}
        org_services.merge_org(
            actor=cast.district_admin, source=cast.union_a, target=cast.union_b, reason="合并"
        )
    member.refresh_from_db()
    assert (
        member.org == cast.union_b
        and Member.unscoped.get(pk=member.pk).org_path == cast.union_b.path
    )
    assert list(MemberTally.objects.values_list("org__code", "count")) == [("B", 1)]
