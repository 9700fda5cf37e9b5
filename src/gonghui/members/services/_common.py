"""Checks shared by the members writes: identity, the member's org, scope, membership events."""

import datetime

from django.core.exceptions import ValidationError
from django.http import Http404
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from gonghui.core import config
from gonghui.core.crypto import blind_index, blind_indexer
from gonghui.core.fields import blind_index_for
from gonghui.core.scoping import org_in_scope
from gonghui.core.text.idnumbers import age_on, check_id_number
from gonghui.orgs.models import GRASSROOTS_KINDS, OrgKind

from ..models import (
    Member,
    MembershipEvent,
)

config.define(
    "members.card_qr_minutes",
    10,
    gettext_lazy("我的会籍页会员证二维码有效期（分钟）"),
    gettext_lazy("过期的二维码（截图、照片）查验时只显示已过期，不能长期冒用"),
)
config.define(
    "members.min_join_age",
    16,
    gettext_lazy("入会最低年龄（周岁）"),
    gettext_lazy("入会日期时未满此年龄的不能入会（劳动法规定的最低就业年龄）"),
)
config.define(
    "members.id_lookups_per_hour",
    10,
    gettext_lazy("按身份证号查询上限（每人每小时）"),
    gettext_lazy(
        "发起转入等按完整身份证号查找会员的操作，每人每小时最多次数；每次查询都记入审计日志"
    ),
)
config.define(
    "members.join_rate_limit",
    5,
    gettext_lazy("在线入会申请频率上限"),
    gettext_lazy("同一网络地址每小时最多提交的入会申请数"),
)

MEMBER_ORG_KINDS = GRASSROOTS_KINDS | {OrgKind.GROUP}


# --- shared checks ------------------------------------------------------------------------------


def check_identity(id_raw, *, gender=None, birth_date=None, join_date=None, today=None):
    """Check an ID number against the other facts of a person.

    Returns ``(check, errors, warnings)``: ``check`` is the ``IdCheck`` (normalised value, birth
    date, gender), ``errors``/``warnings`` lists of ``(field, message)`` in Chinese.
    """
    today = today or datetime.date.today()
    check = check_id_number(id_raw, today=today)
    errors = [("id_number", e) for e in check.errors]
    warnings = [("id_number", w) for w in check.warnings]
    if errors:
        return check, errors, warnings
    if gender and gender != check.gender:
        errors.append(
            (
                "gender",
                _("性别与身份证号不符（身份证号第 17 位显示为{value}）").format(
                    value=_("男") if check.gender == "M" else _("女")
                ),
            )
        )
    if birth_date and birth_date != check.birth_date:
        errors.append(("birth_date", _("出生日期与身份证号不符")))
    if join_date:
        if join_date > today:
            errors.append(("join_date", _("入会日期晚于今天")))
        elif check.birth_date and join_date < check.birth_date:
            errors.append(("join_date", _("入会日期早于出生日期")))
        else:
            min_age = config.get("members.min_join_age")
            if check.birth_date and age_on(check.birth_date, join_date) < min_age:
                errors.append(
                    (
                        "join_date",
                        _("入会时未满 {min_age} 周岁（{describe}）").format(
                            min_age=min_age, describe=config.describe("members.min_join_age")
                        ),
                    )
                )
    return check, errors, warnings


def _raise(errors):
    if errors:
        merged = {}
        for field, message in errors:
            merged.setdefault(field, []).append(message)
        raise ValidationError(merged)


def card_number_for(id_number):
    """A member card number derived from the person (stable, unique, not the ID itself)."""
    return "GH" + blind_index(id_number, "members.card_number")[:16].upper()


def card_numbers():
    """``card_number_for`` as a function, for many members (bulk imports: the HMAC is keyed
    once)."""
    index = blind_indexer("members.card_number")
    return lambda id_number: "GH" + index(id_number)[:16].upper()


def find_member_by_id_number(id_number):
    """The member with this ID number anywhere in the district (cross-scope uniqueness check)."""
    index = blind_index_for(Member, "id_number", id_number)
    return Member.unscoped.select_related("org").filter(id_number_index=index).first()


def _require_member_org(org):
    # An org outside the active subtree does not exist for this user.
    if not org_in_scope(org):
        raise Http404
    if not org.is_active:
        raise ValidationError({"org": _("该组织已撤销或合并")})
    if org.kind not in MEMBER_ORG_KINDS:
        raise ValidationError({"org": _("会员只能登记在基层工会或工会小组")})


def _require_member_in_scope(member):
    if not org_in_scope(member.org):
        raise Http404


def _event(
    member,
    kind,
    actor,
    *,
    on_date=None,
    from_status="",
    to_status="",
    from_org=None,
    to_org=None,
    note="",
):
    return MembershipEvent(
        member=member,
        kind=kind,
        actor=actor if getattr(actor, "pk", None) else None,
        on_date=on_date or datetime.date.today(),
        from_status=from_status,
        to_status=to_status,
        from_org=from_org,
        to_org=to_org,
        note=note[:300],
    )
