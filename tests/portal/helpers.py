"""Members for the portal tests, on the roster of a union (created unscoped, as an import would)."""

import datetime
import itertools

from gonghui.core.text.idnumbers import make_id_number

_seq = itertools.count(700)


def make_member(org, name="甲工会会员", phone=None, status="active", user=None):
    from gonghui.members.models import Member

    seq = next(_seq)
    return Member.unscoped.create(
        org=org,
        name=name,
        gender="F",
        birth_date=datetime.date(1991, 2, 3),
        id_number=make_id_number("320102", datetime.date(1991, 2, 3), seq % 500, "F"),
        phone=phone or f"1370000{seq:04d}",
        join_date=datetime.date(2021, 1, 1),
        card_number=f"PORTAL{seq}",
        status=status,
        user=user,
    )


def linked_member(org, user, name="甲工会会员", phone=None):
    """A member linked to ``user`` with the member role at ``org`` (as activation leaves it)."""
    from gonghui.portal.services import sync_member_role

    member = make_member(org, name=name, phone=phone, user=user)
    sync_member_role(member)
    return member
