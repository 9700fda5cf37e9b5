import pytest
from django.core.management import call_command
from django.db.models import Sum

from gonghui.core.text.idnumbers import check_id_number
from gonghui.core.text.uscc import check_uscc
from gonghui.members.models import Member, MembershipEvent, MemberTally
from gonghui.orgs.models import Employer, Org

pytestmark = pytest.mark.django_db


def _snapshot(code):
    return sorted(
        Member.unscoped.filter(org_path__startswith=Org.objects.get(code=code).path).values_list(
            "name", "id_number_index", "org__code", "status", "join_date"
        )
    )


def test_seed_builds_a_valid_reproducible_district():
    call_command("seed", members=300, orgs=30, seed=3)
    root = Org.objects.get(code="Z3")
    assert Org.objects.filter(path__startswith=root.path).count() == 30
    members = list(Member.unscoped.all())
    assert len(members) == 300
    assert all(check_id_number(m.id_number).ok for m in members[:50])
    assert all(m.name_pinyin and m.org_path == m.org.path for m in members[:50])
    assert MembershipEvent.unscoped.count() >= 300
    assert MemberTally.objects.aggregate(n=Sum("count"))["n"] == 300
    assert all(check_uscc(e.credit_code)[1] is None for e in Employer.unscoped.all())
    assert all(not p for p in Org.find_problems())  # treebeard finds the tree well formed
    with pytest.raises(Exception, match="已存在"):
        call_command("seed", members=10, orgs=5, seed=3)
    first = _snapshot("Z3")
    MembershipEvent.unscoped.all().delete()
    Member.unscoped.all().delete()
    Employer.unscoped.all().delete()
    Org.objects.filter(path__startswith=root.path).delete()
    call_command("seed", members=300, orgs=30, seed=3)
    assert _snapshot("Z3") == first
