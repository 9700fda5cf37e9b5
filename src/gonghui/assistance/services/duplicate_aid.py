"""Duplicate and fraud checks across households and programmes.

The checks must look beyond the active scope (the same person entered by another union is the
point), so they read through ``unscoped`` managers, and what they write into a flag names only
the other file's number and union, never the other household's personal data.
"""

from decimal import Decimal

from django.db.models import Q, Sum
from django.utils import timezone

from gonghui.core import config
from gonghui.core.fields import blind_index_for
from gonghui.core.masking import mask_id_number

from ..enums import (
    EntitlementStatus,
    FileStatus,
    FlagKind,
    FlagStatus,
    ProgrammeKind,
)
from ..flag_text import money
from ..models import Entitlement, ExternalAid, Flag, HardshipFile, HouseholdMember
from ..selectors import dibao_for


def _sync(file, found, entitlement=None):
    """Create flags for ``found`` {(kind, key): data} (``flag_text``); clear open ones no longer
    found."""
    existing = {
        (f.kind, f.key): f
        for f in Flag.unscoped.filter(
            file=file, entitlement=entitlement
        )  # unscoped: flags of a file the caller already holds (refreshed by the checks)
    }
    org = file.org if file is not None else entitlement.org
    for (kind, key), data in found.items():
        if (kind, key) not in existing:
            Flag.unscoped.create(  # unscoped: flags of a file the caller already holds (refreshed by the checks)
                org=org,
                file=file,
                entitlement=entitlement,
                kind=kind,
                key=key,
                data=data,
            )
        elif existing[(kind, key)].status == FlagStatus.CLEARED:
            flag = existing[(kind, key)]
            flag.status, flag.data, flag.detail = FlagStatus.OPEN, data, ""
            flag.save(update_fields=["status", "data", "detail"])
    for (kind, key), flag in existing.items():
        if (kind, key) not in found and flag.status == FlagStatus.OPEN:
            flag.status, flag.decided_at = FlagStatus.CLEARED, timezone.now()
            flag.save(update_fields=["status", "decided_at"])


def refresh_file_flags(file):
    """Same ID number in another household; the bank account shared with another household."""
    found = {}
    household = list(file.household.all())
    indexes = {p.id_number_index: p for p in household}
    others = (
        HouseholdMember.unscoped.filter(
            id_number_index__in=indexes
        )  # unscoped: duplicate aid is looked for across the district
        .exclude(file=file)
        .exclude(file__status=FileStatus.CLOSED)
        .select_related("file__org")
    )
    for other in others:
        mine = indexes[other.id_number_index]
        found[(FlagKind.SAME_ID, other.id_number_index[:16] + str(other.file_id))] = {
            "check": "same_id",
            "name": mine.name,
            "masked_id": mask_id_number(mine.id_number),
            "number": other.file.number,
            "union": other.file.org.name,
            "status": other.file.status,
        }
    if file.bank_account_index:
        shared = (
            HardshipFile.unscoped.filter(
                bank_account_index=file.bank_account_index
            )  # unscoped: duplicate aid is looked for across the district
            .exclude(pk=file.pk)
            .exclude(status=FileStatus.CLOSED)
            .select_related("org")
        )
        for other in shared:
            found[(FlagKind.SHARED_BANK, str(other.pk))] = {
                "check": "file_bank",
                "number": other.number,
                "union": other.org.name,
            }
    _sync(file, found)


def living_aid_total(file, year, exclude=None):
    qs = Entitlement.unscoped.filter(  # unscoped: a household's yearly total counts aid from every union
        file=file,
        cycle__year=year,
        cycle__programme__kind=ProgrammeKind.LIVING,
        status__in=[EntitlementStatus.APPROVED, EntitlementStatus.PROPOSED],
    )
    if exclude is not None:
        qs = qs.exclude(pk=exclude.pk)
    return qs.aggregate(total=Sum("amount"))["total"] or Decimal("0")


# --- duplicate aid across programmes, campaigns and outside aid ------------------------------


def _people(entitlement):
    """The clear ID numbers of the beneficiary's household (or of the registered worker)."""
    if entitlement.worker_id:
        return [entitlement.worker.id_number]
    return [p.id_number for p in entitlement.file.household.all() if p.id_number]


def _indexes(model, clear_numbers):
    return [blind_index_for(model, "id_number", n) for n in clear_numbers]


def _related_aid(entitlement, people):
    """Entitlements (not excluded) of the same household or of any of its people, in any
    programme and campaign, whichever union recorded them; without ``entitlement`` itself."""
    from ..models import JoblessWorker

    files = set(
        HouseholdMember.unscoped.filter(  # unscoped: duplicate aid is looked for across the district
            id_number_index__in=_indexes(HouseholdMember, people)
        ).values_list("file_id", flat=True)
    )
    if entitlement.file_id:
        files.add(entitlement.file_id)
    workers = set(
        JoblessWorker.unscoped.filter(  # unscoped: duplicate aid is looked for across the district
            id_number_index__in=_indexes(JoblessWorker, people)
        ).values_list("pk", flat=True)
    )
    if entitlement.worker_id:
        workers.add(entitlement.worker_id)
    return (
        Entitlement.unscoped.filter(
            Q(file_id__in=files) | Q(worker_id__in=workers)
        )  # unscoped: duplicate aid is looked for across the district
        .exclude(pk=entitlement.pk)
        .exclude(status=EntitlementStatus.EXCLUDED)
        .select_related("cycle__programme", "org")
    )


def yearly_aid_cap(org):
    value = Decimal(str(config.get("assistance.yearly_aid_cap", org)))
    return value, config.describe("assistance.yearly_aid_cap", org)


def duplicate_aid(entitlement):
    """{(kind, key): data} of aid that overlaps this entitlement: another cycle whose period
    overlaps this one for the same household or person (any programme, any union), outside aid
    granted in the period, the yearly total across programmes and outside aid above the
    district's cap, and the beneficiary's bank account used by a different household."""
    from ..models import JoblessWorker

    found = {}
    cycle = entitlement.cycle
    people = _people(entitlement)
    related = list(_related_aid(entitlement, people))
    for other in related:
        if other.cycle.start_date <= cycle.end_date and other.cycle.end_date >= cycle.start_date:
            found[(FlagKind.OVERLAP, f"e{other.pk}")] = {
                "check": "overlap_aid",
                "kind": other.cycle.programme.kind,
                "cycle": other.cycle.name,
                "start": other.cycle.start_date.isoformat(),
                "end": other.cycle.end_date.isoformat(),
                "union": other.org.name,
                "value": money(other.amount + other.goods_value),
            }
    outside = list(
        ExternalAid.unscoped.filter(  # unscoped: duplicate aid is looked for across the district
            id_number_index__in=_indexes(ExternalAid, people), year=cycle.year
        )
    )
    for aid in outside:
        if aid.granted_on and cycle.start_date <= aid.granted_on <= cycle.end_date:
            found[(FlagKind.OVERLAP, f"x{aid.pk}")] = {
                "check": "overlap_outside",
                "person": aid.person_name,
                "source": aid.source,
                "amount": money(aid.amount),
                "granted_on": aid.granted_on.isoformat(),
            }
    total = entitlement.amount + entitlement.goods_value
    total += sum(
        (o.amount + o.goods_value for o in related if o.cycle.year == cycle.year), Decimal("0")
    )
    total += sum((a.amount for a in outside), Decimal("0"))
    cap, _described = yearly_aid_cap(entitlement.org)
    if total > cap:
        found[(FlagKind.CROSS_CAP, str(cycle.year))] = {
            "check": "cross_cap",
            "year": cycle.year,
            "total": money(total),
            "cap": money(cap),
            "setting": config.snapshot("assistance.yearly_aid_cap", entitlement.org),
        }
    account = entitlement.bank_account
    if account:
        mine_files = {entitlement.file_id} if entitlement.file_id else set()
        mine_workers = set(
            JoblessWorker.unscoped.filter(  # unscoped: duplicate aid is looked for across the district
                id_number_index__in=_indexes(JoblessWorker, people)
            ).values_list("pk", flat=True)
        )
        mine_files |= set(
            HouseholdMember.unscoped.filter(  # unscoped: duplicate aid is looked for across the district
                id_number_index__in=_indexes(HouseholdMember, people)
            ).values_list("file_id", flat=True)
        )
        for other in (
            HardshipFile.unscoped.filter(  # unscoped: duplicate aid is looked for across the district
                bank_account_index=blind_index_for(HardshipFile, "bank_account", account)
            )
            .exclude(pk__in=mine_files)
            .exclude(status=FileStatus.CLOSED)
            .select_related("org")
        ):
            found[(FlagKind.SHARED_BANK, f"f{other.pk}")] = {
                "check": "payee_bank_file",
                "number": other.number,
                "union": other.org.name,
            }
        for other in (
            JoblessWorker.unscoped.filter(  # unscoped: duplicate aid is looked for across the district
                bank_account_index=blind_index_for(JoblessWorker, "bank_account", account)
            )
            .exclude(pk__in=mine_workers)
            .select_related("org")
        ):
            found[(FlagKind.SHARED_BANK, f"w{other.pk}")] = {
                "check": "payee_bank_worker",
                "union": other.org.name,
            }
    return found


def refresh_entitlement_flags(entitlement):
    """Over the yearly cap (living aid); a student already funded (金秋助学); duplicate aid
    across programmes, campaigns and outside aid (``duplicate_aid``)."""
    found = duplicate_aid(entitlement)
    if entitlement.file_id is None:  # a registered worker: the household checks end here
        _sync(None, found, entitlement)
        return Flag.unscoped.filter(
            entitlement=entitlement, status=FlagStatus.OPEN
        )  # unscoped: flags of an entitlement the caller already holds
    kind = entitlement.cycle.programme.kind
    file, year = entitlement.file, entitlement.cycle.year
    if kind == ProgrammeKind.LIVING:
        months = config.get("assistance.living_aid_cap_months", file.org)
        dibao = dibao_for(file.org, year).monthly_amount
        cap = dibao * months
        total = living_aid_total(file, year, exclude=entitlement) + entitlement.amount
        if total > cap:
            found[(FlagKind.OVER_CAP, str(year))] = {
                "check": "living_cap",
                "total": money(total),
                "cap": money(cap),
                "months": months,
                "dibao": money(dibao),
                "setting": config.snapshot("assistance.living_aid_cap_months", file.org),
            }
    if kind == ProgrammeKind.EDUCATION and entitlement.student_id:
        index = entitlement.student.id_number_index
        aid_index = blind_index_for(ExternalAid, "id_number", entitlement.student.id_number)
        for aid in ExternalAid.unscoped.filter(
            id_number_index=aid_index, year=year
        ):  # unscoped: duplicate aid is looked for across the district
            found[(FlagKind.STUDENT_FUNDED, f"x{aid.pk}")] = {
                "check": "student_outside",
                "name": entitlement.student.name,
                "source": aid.source,
                "amount": money(aid.amount),
                "year": year,
            }
        funded = (
            Entitlement.unscoped.filter(  # unscoped: duplicate aid is looked for across the district
                student__id_number_index=index,
                cycle__year=year,
                cycle__programme__kind=ProgrammeKind.EDUCATION,
            )
            .exclude(pk=entitlement.pk)
            .exclude(status=EntitlementStatus.EXCLUDED)
            .select_related("cycle")
        )
        for other in funded:
            found[(FlagKind.STUDENT_FUNDED, f"e{other.pk}")] = {
                "check": "student_listed",
                "name": entitlement.student.name,
                "cycle": other.cycle.name,
            }
    _sync(file, found, entitlement)
    return Flag.unscoped.filter(
        entitlement=entitlement, status=FlagStatus.OPEN
    )  # unscoped: flags of an entitlement the caller already holds
