"""Kept member counts per org (``MemberTally``): rebuilt for the orgs a write touched.

Recounting one org is one indexed GROUP BY over that org's members (a union holds thousands at
most), which cannot drift the way incremental +1/-1 counters can.
"""

from django.db.models import Count
from django.db.models.functions import ExtractYear

from .models import Member, MemberTally
from .signals import tallies_changed


def retally(*orgs):
    """Rebuild the tallies of ``orgs`` (Org instances or ids) from their members."""
    ids = {getattr(o, "pk", o) for o in orgs if o is not None}
    if not ids:
        return
    # The subtree figures (reports, a layer above) are recounted on their next read.
    tallies_changed.send(sender=Member, org_ids=ids)
    rows = (
        Member.unscoped.filter(org_id__in=ids)
        .annotate(birth_year=ExtractYear("birth_date"))
        .values("org_id", "org_path", "status", "employment_form", "gender", "birth_year")
        .annotate(n=Count("id"))
        .order_by()
    )
    MemberTally.objects.filter(org_id__in=ids).delete()
    MemberTally.objects.bulk_create(
        [
            MemberTally(
                org_id=r["org_id"],
                org_path=r["org_path"],
                status=r["status"],
                employment_form=r["employment_form"],
                gender=r["gender"],
                birth_year=r["birth_year"],
                count=r["n"],
            )
            for r in rows
        ],
        batch_size=2000,
    )


def retally_all():
    """Rebuild every tally (after a bulk load)."""
    org_ids = Member.unscoped.values_list("org_id", flat=True).distinct()
    MemberTally.objects.all().delete()
    retally(*list(org_ids))
