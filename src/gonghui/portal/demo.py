"""Demo data of the member portal: members of unions A and B who have activated their accounts
(they log in at /m/login/ with their phone and the demo password), and one member of union A
who has not yet, with a pending invitation (README lists how to activate her)."""

import datetime

from django.utils import timezone

from gonghui.core.demo import DEMO_PASSWORD, scoping_off
from gonghui.core.models import User
from gonghui.members.models import Member

from .models import Invitation
from .services import _token_hash, sync_member_role

# (org code, phone, activated) for members picked from each union's roster.
ACTIVATED = [
    ("HP0101", "13900000011"),
    ("HP0101", "13900000012"),
    ("HP0102", "13900000021"),
    ("HP0102", "13900000022"),
]
MEMBER_A_PHONE = "13900000010"
INVITED_PHONE = "13900000019"
INVITED_ID_NUMBER = "110105199003070123"
INVITED_NAME = "李娜"
INVITATION_TOKEN = "demo-invitation-lina"  # noqa: S105  (documented demo link)
DELEGATE_PHONE = "13900000031"


@scoping_off
def load(orgs):
    if Member.objects.filter(phone_index=_phone_idx(INVITED_PHONE)).exists():
        return
    chair_a = User.objects.filter(username="chair-a").first()
    member_a = Member.objects.filter(user__username="member-a").first()
    if member_a is not None:
        _set(member_a, phone=MEMBER_A_PHONE)
    delegate = Member.objects.filter(user__username="delegate").first()
    if delegate is not None:
        _set(delegate, phone=DELEGATE_PHONE)
    for code, phone in ACTIVATED:
        member = _free_member(orgs[code])
        if member is None:
            continue
        _set(member, phone=phone)
        user = User.objects.create(username=member.card_number, full_name=member.name)
        user.set_password(DEMO_PASSWORD)
        user.save()
        Member.objects.filter(pk=member.pk).update(user=user)
        member.user = user
        sync_member_role(member)
    invited = _free_member(orgs["HP0101"])
    if invited is None or chair_a is None:
        return
    _set(invited, phone=INVITED_PHONE, id_number=INVITED_ID_NUMBER, name=INVITED_NAME)
    Invitation.objects.create(
        org=invited.org,
        member=invited,
        token_hash=_token_hash(INVITATION_TOKEN),
        created_by=chair_a,
        expires_at=timezone.now() + datetime.timedelta(days=365),
    )


def _phone_idx(phone):
    from .services import phone_index

    return phone_index(phone)


def _free_member(org):
    return (
        Member.objects.filter(org=org, user__isnull=True, status="active")
        .exclude(phone_index__in=[_phone_idx(p) for _c, p in ACTIVATED])
        .order_by("id")
        .first()
    )


def _set(member, **values):
    for name, value in values.items():
        setattr(member, name, value)
    member.save()
