"""Retention of hardship files (档案保存期限) and the purge of their personal data.

A closed file is kept ``assistance.retention_years`` years after it was closed (10 by default,
a district setting); the keep date is the closing date plus those years (29 February → 28
February). From the day after the keep date, ``purge_due`` irreversibly removes the household's
personal data:

- deleted: household members (names, ID numbers, health, schooling, incomes), other incomes,
  unavoidable costs, declarations, attachments (and their stored files), home and follow-up
  visits (findings, photos), objections, exclusion overrides, yearly reviews, flags;
- cleared on the file: the applicant link (the member record itself belongs to the members
  module and stays), the situation, causes, bank account, the eligibility arithmetic (which
  holds incomes), fired exclusions, exit note; reasons written on the file's timeline;
- kept: the file number, union, category, household size, dates and exit reason (statistics),
  and the money: entitlements and payments stay as they are (payments are append-only) and
  show the placeholder name instead of the person's; a student's link and a patient's own
  share are removed from the entitlements.

Each purged file gets an audit event ``assistance.file.purge`` with counts only. A dry run
counts what would go and changes nothing.
"""

import logging

from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.db.models import CharField, QuerySet, Value
from django.db.models.functions import Cast, Concat
from django.utils import timezone

from gonghui.core import audit, config
from gonghui.core.models import WorkflowEvent
from gonghui.core.scoping import scopes_disabled

from . import policy  # noqa: F401  (defines assistance.retention_years)
from .enums import EntitlementStatus, ExcludedCause, FileStatus, ProgrammeKind
from .models import (
    FILE_PARTS,
    Attachment,
    Entitlement,
    Flag,
    HardshipFile,
    HomeVisit,
    Payment,
)

log = logging.getLogger(__name__)

RETENTION_KEY = "assistance.retention_years"

DELETED = FILE_PARTS


def add_years(day, years):
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February into a common year
        return day.replace(year=day.year + years, day=28)


def keep_until(file):
    """The last day a closed file's personal data is kept (None while the file is open)."""
    if file.closed_on is None:
        return None
    return add_years(file.closed_on, int(config.get(RETENTION_KEY, file.org)))


def describe(file):
    return config.describe(RETENTION_KEY, file.org)


def due_files(today=None):
    """Closed, not yet purged files whose keep date has passed (``today`` > keep date)."""
    today = today or timezone.localdate()
    with scopes_disabled():
        candidates = (
            HardshipFile.unscoped.filter(  # unscoped: a nightly task with no user: every union's files past retention
                status=FileStatus.CLOSED, purged_at__isnull=True, closed_on__isnull=False
            )
            .select_related("org")
            .order_by("closed_on", "id")
        )
        years = {}
        due = []
        for file in candidates.iterator():
            if file.org_id not in years:
                years[file.org_id] = int(config.get(RETENTION_KEY, file.org))
            if today > add_years(file.closed_on, years[file.org_id]):
                due.append(file.pk)
    return due


def _counts(file):
    counts = {
        name: model.unscoped.filter(file=file).count() for name, model in DELETED.items()
    }  # unscoped: a nightly task with no user
    counts["entitlements_anonymised"] = Entitlement.unscoped.filter(
        file=file
    ).count()  # unscoped: a nightly task with no user
    counts["payments_kept"] = Payment.unscoped.filter(
        entitlement__file=file
    ).count()  # unscoped: a nightly task with no user
    return counts


def _stored_files(file):
    """(storage, name) of the uploaded files of the file's attachments and visit photos."""
    stored = [
        (a.upload.storage, a.upload.name) for a in Attachment.unscoped.filter(file=file)
    ]  # unscoped: a nightly task with no user
    stored += [
        (v.photo.storage, v.photo.name) for v in HomeVisit.unscoped.filter(file=file)
    ]  # unscoped: a nightly task with no user
    return [(storage, name) for storage, name in stored if name]


@transaction.atomic
def purge_file(file_id, *, today=None, dry_run=False):
    """Purge one file if it is due (re-checked under a row lock). Returns the counts, or None
    when the file is not (or no longer) due."""
    today = today or timezone.localdate()
    file = (
        HardshipFile.unscoped.select_for_update().select_related("org").get(pk=file_id)
    )  # unscoped: a nightly task with no user
    if file.status != FileStatus.CLOSED or file.purged_at or file.closed_on is None:
        return None
    keep = keep_until(file)
    if today <= keep:
        return None
    counts = _counts(file)
    if dry_run:
        return counts
    stored = _stored_files(file)
    entitlements = Entitlement.unscoped.filter(file=file)  # unscoped: a nightly task with no user
    # Money stays; what identifies the person goes. The beneficiary key (a blind index of a
    # student's ID number, or the file) becomes the entitlement's own id: unique per cycle.
    entitlements.filter(cycle__programme__kind=ProgrammeKind.MEDICAL).update(rule={}, rule_text="")
    # nothing further is paid to a purged household
    entitlements.filter(status=EntitlementStatus.PROPOSED).update(
        status=EntitlementStatus.EXCLUDED, excluded_cause=ExcludedCause.PURGED
    )
    entitlements.update(
        student=None,
        own_share=None,
        beneficiary_key=Concat(Value("purged:"), Cast("id", CharField())),
    )
    # Free-text payment notes may name the person: cleared; amounts and dates stay. Payments are
    # otherwise never edited, so this goes past their guarded queryset on purpose.
    counts["payment_notes_cleared"] = (
        QuerySet(Payment).filter(entitlement__file=file).exclude(note="").update(note="")
    )
    Flag.unscoped.filter(file=file).delete()  # unscoped: a nightly task with no user
    for name, model in DELETED.items():
        if name != "flags":
            model.unscoped.filter(file=file).delete()  # unscoped: a nightly task with no user
    counts["timeline_reasons_cleared"] = (
        WorkflowEvent.objects.filter(
            content_type=ContentType.objects.get_for_model(HardshipFile),
            object_id=str(file.pk),
        )
        .exclude(reason="")
        .update(reason="")
    )
    file.applicant = None
    file.situation = ""
    file.causes = []
    file.bank_name = ""
    file.bank_account = ""
    file.eligibility_steps = []
    file.exclusions = []
    file.exit_note = ""
    file.retain_until = keep
    file.purged_at = timezone.now()
    file.version += 1
    file.save()
    audit.record(
        None,
        "assistance.file.purge",
        file,
        extra={
            **counts,
            "closed_on": file.closed_on.isoformat(),
            "keep_until": keep.isoformat(),
            "setting": describe(file),
        },
    )

    def remove_stored():
        for storage, name in stored:
            try:
                storage.delete(name)
            except OSError:
                log.warning("assistance purge: could not delete a stored file of file %s", file.pk)

    transaction.on_commit(remove_stored)
    return counts


def purge_due(*, today=None, dry_run=False):
    """Purge every file whose keep date has passed; returns totals (counts only)."""
    today = today or timezone.localdate()
    totals = {"files": 0}
    for pk in due_files(today):
        counts = purge_file(pk, today=today, dry_run=dry_run)
        if counts is None:
            continue
        totals["files"] += 1
        for key, value in counts.items():
            totals[key] = totals.get(key, 0) + value
    return totals
