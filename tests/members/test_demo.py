import pytest

from gonghui.core import demo
from gonghui.members.demo import load_members
from gonghui.members.models import JoinApplication, Member, Transfer
from gonghui.orgs import demo as orgs_demo

pytestmark = pytest.mark.django_db


def test_demo_members_load_twice_without_change():
    orgs = demo._load_tree()
    orgs_demo.load_employers(orgs)
    demo._load_users(orgs)
    load_members(orgs)
    count = Member.unscoped.count()
    load_members(orgs)
    assert Member.unscoped.count() == count == 92
    zhang = Member.unscoped.get(user__username="member-a")
    assert zhang.name == "张伟" and zhang.org.code == "HP0101"
    assert Member.unscoped.filter(org__code="HP0101").count() == 36
    assert Transfer.unscoped.count() == 3 and JoinApplication.unscoped.count() == 4
