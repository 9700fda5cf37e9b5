"""Proposal numbers: a yearly running number from a counter row (see test_concurrency.py for
simultaneous submissions on PostgreSQL)."""

import pytest
from django.utils import timezone

from gonghui.innovation import services
from gonghui.innovation.models import Proposal, ProposalCounter
from tests.conftest import acting

from .helpers import make_member

pytestmark = pytest.mark.django_db


def _submit(cast, title):
    author = make_member(cast.union_a, f"甲工会{title}")
    with acting(cast.staff_a):
        return services.submit_proposal(
            actor=cast.staff_a,
            author=author,
            kind="rationalisation",
            title=title,
            problem="问题",
            solution="办法",
        )


def test_numbers_run_per_year_from_one(cast):
    prefix = f"JY{timezone.localdate().year}-"
    first, second = _submit(cast, "冲压模具"), _submit(cast, "叉车路线")
    assert (first.number, second.number) == (f"{prefix}00001", f"{prefix}00002")
    assert ProposalCounter.objects.get(prefix=prefix).last == 2


def test_counter_created_after_numbers_already_used(cast):
    prefix = f"JY{timezone.localdate().year}-"
    old = _submit(cast, "冲压模具")
    Proposal.objects.filter(pk=old.pk).update(number=f"{prefix}00107")
    ProposalCounter.objects.all().delete()
    assert _submit(cast, "叉车路线").number == f"{prefix}00108"


def test_a_taken_number_is_skipped_not_reused(cast):
    prefix = f"JY{timezone.localdate().year}-"
    old = _submit(cast, "冲压模具")
    Proposal.objects.filter(pk=old.pk).update(number=f"{prefix}00002")
    assert _submit(cast, "叉车路线").number == f"{prefix}00003"
    assert ProposalCounter.objects.get(prefix=prefix).last == 3
