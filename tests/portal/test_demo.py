"""The portal's demo: activated members in unions A and B who log in by phone, and one member
with a pending invitation that the README's link opens."""

import pytest
from django.test import Client

from gonghui.core import demo
from gonghui.core.models import RoleAssignment
from gonghui.members.demo import load_members
from gonghui.members.models import Member
from gonghui.orgs import demo as orgs_demo
from gonghui.portal import demo as portal_demo
from gonghui.portal.services import live_invitation, phone_index

pytestmark = pytest.mark.django_db


def test_demo_members_log_in_by_phone_and_the_invitation_is_open(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    orgs = demo._load_tree()
    orgs_demo.load_employers(orgs)
    demo._load_users(orgs)
    load_members(orgs)
    portal_demo.load(orgs)
    portal_demo.load(orgs)  # idempotent
    active = Member.unscoped.filter(user__isnull=False).values_list("org__code", flat=True)
    assert sorted(active) == ["HP0101", "HP0101", "HP0101", "HP0102", "HP0102"]
    for _code, phone in portal_demo.ACTIVATED:
        member = Member.unscoped.get(phone_index=phone_index(phone))
        assert RoleAssignment.objects.filter(
            user=member.user, org=member.org, role="member", is_active=True
        ).exists()
    client = Client()
    response = client.post("/m/login/", {"phone": "13900000021", "password": demo.DEMO_PASSWORD})
    assert response.status_code == 302 and response["Location"] == "/m/"
    member_a = Client().post(
        "/m/login/", {"phone": portal_demo.MEMBER_A_PHONE, "password": demo.DEMO_PASSWORD}
    )
    assert member_a.status_code == 302
    invitation = live_invitation(portal_demo.INVITATION_TOKEN)
    assert invitation.member.name == "李娜" and invitation.member.user_id is None
    assert invitation.member.id_number == portal_demo.INVITED_ID_NUMBER
