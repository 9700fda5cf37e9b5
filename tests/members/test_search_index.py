"""The member search index (``MemberSearchKey``): keys of each kind, kept in step on every write
that changes a name, ID or phone, and the scope still applied to what the index finds."""

import datetime

import pytest
from django.core.management import call_command
from django.utils import timezone

from gonghui.core.scoping import activate
from gonghui.members import search, services
from gonghui.members.models import JoinApplication, Member, MemberSearchKey
from gonghui.members.selectors import filtered_members
from tests.conftest import acting

from .helpers import add_member, new_id
from .test_import import commit, ident, upload

pytestmark = pytest.mark.django_db


def keys_of(member):
    return set(MemberSearchKey.objects.filter(member=member).values_list("key", flat=True))


def found(user, query):
    with acting(user):
        return set(filtered_members({"q": query}).values_list("name", flat=True))


def test_keys_of_each_kind():
    keys = search.keys_for("张三丰", "32010219900307123X", "139 0000 5678")
    assert {"张", "三", "丰", "张三", "三丰"} <= keys  # 1- and 2-character fragments
    assert "张三丰" not in keys
    assert {"py:zhang", "py:zhangsan", "py:zhangsanfeng"} <= keys  # syllable boundaries
    assert {"in:zs", "in:zsf"} <= keys and "in:z" not in keys
    assert {"id:123X", "id:7123X", "id:07123X"} <= keys
    assert "ph:5678" in keys
    assert all(len(k) <= 40 for k in search.keys_for("尉迟" + "长" * 30, "", ""))


def test_create_writes_keys_and_each_kind_finds_the_member(cast):
    zhang = add_member(cast.chair_a, cast.union_a, name="张三丰", phone="13900005678")
    add_member(cast.chair_a, cast.union_a, name="李四", phone="13900001234")
    assert keys_of(zhang) == search.member_keys(zhang)
    queries = [
        "张",  # 1 character
        "三丰",  # 2 characters
        "张三丰",  # 3 characters: intersection of 张三 and 三丰, then name contains
        "zhangsan",  # whole syllables
        "zhangs",  # a partial syllable: range on the pinyin keys
        "ZHANG",  # case
        "zsf",  # initials
        zhang.id_number[-4:],
        zhang.id_number[-5:],
        zhang.id_number[-6:],
        "5678",  # phone tail
    ]
    for query in queries:
        assert found(cast.chair_a, query) == {"张三丰"}, query
    assert found(cast.chair_a, "张丰") == set()  # not a fragment of the name
    assert found(cast.chair_a, "三丰张") == set()  # fragments present, text not contained
    assert found(cast.chair_a, "zhao") == set()


def test_update_keeps_keys_in_step(cast):
    member = add_member(cast.chair_a, cast.union_a, name="王五", phone="13900001111")
    new_number = new_id(born=datetime.date(1991, 4, 5))
    with acting(cast.chair_a):
        services.update_member(
            actor=cast.chair_a,
            member=member,
            name="赵六",
            id_number=new_number,
            phone="13900002222",
        )
    member = Member.unscoped.get(pk=member.pk)
    assert keys_of(member) == search.member_keys(member)
    assert "王" not in keys_of(member) and "py:wang" not in keys_of(member)
    assert found(cast.chair_a, "王五") == found(cast.chair_a, "1111") == set()
    assert found(cast.chair_a, "zl") == found(cast.chair_a, "2222") == {"赵六"}
    assert found(cast.chair_a, new_number[-6:]) == {"赵六"}


def test_status_change_leaves_keys_alone(cast):
    member = add_member(cast.chair_a, cast.union_a, name="孙七")
    before = list(MemberSearchKey.objects.filter(member=member).values_list("pk", flat=True))
    with acting(cast.chair_a):
        services.change_status(actor=cast.chair_a, member=member, status="retired")
    after = list(MemberSearchKey.objects.filter(member=member).values_list("pk", flat=True))
    assert before == after


def test_approved_application_is_indexed(cast):
    application = JoinApplication.unscoped.create(
        org=cast.union_a,
        name="周八",
        id_number="110101199003070038",
        phone="13800138000",
        employer_name="机械有限公司",
        employment_form="regular",
        consent_at=timezone.now(),
        consent_version="2025-01",
    )
    with acting(cast.chair_a):
        services.approve_application(actor=cast.chair_a, application=application)
    assert found(cast.chair_a, "zb") == found(cast.chair_a, "8000") == {"周八"}


def test_import_commit_writes_keys_in_bulk(cast):
    data = f"姓名,身份证号,性别,手机号\n欧阳娜娜,{ident(41, gender='F')},女,13912340001\n"
    job = commit(cast.chair_a, upload(cast.chair_a, cast.union_a, data.encode()))
    assert job.result["counts"] == {"新增": 1}
    member = Member.unscoped.get(name="欧阳娜娜")
    assert keys_of(member) == search.member_keys(member)
    assert found(cast.chair_a, "ouyang") == found(cast.chair_a, "oynn") == {"欧阳娜娜"}


def test_rebuild_command_restores_keys(cast):
    member = add_member(cast.chair_a, cast.union_a, name="吴九")
    MemberSearchKey.objects.all().delete()
    call_command("rebuild_search_keys")
    assert keys_of(member) == search.member_keys(member)


def test_scope_still_applies_to_index_hits(cast):
    a = add_member(cast.chair_a, cast.union_a, name="甲工会王五", phone="13900004321")
    for query in ["王五", "王", "jiagonghuiwang", "jghww", "甲工会王", a.id_number[-6:], "4321"]:
        assert found(cast.chair_b, query) == set(), query
        assert found(cast.chair_a, query) == {"甲工会王五"}, query
    with activate(None), pytest.raises(Exception):  # noqa: B017 - no scope is a ScopeError
        list(filtered_members({"q": "王五"}))


def test_seed_writes_keys(cast):
    call_command("seed", members=40, orgs=8, seed=4)
    seeded = list(Member.unscoped.filter(org__code__startswith="Z4"))
    assert len(seeded) == 40
    for member in seeded:
        assert keys_of(member) == search.member_keys(member)
