"""Opening and editing a hardship file: the household, incomes, costs, declarations, attachments."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from gonghui.core import audit
from gonghui.core.scoping import org_in_scope, require_perm
from gonghui.core.text.idnumbers import check_id_number

from ..enums import FileStatus, Relationship
from ..models import (
    Attachment,
    Declaration,
    HardshipCost,
    HardshipFile,
    HouseholdMember,
    IncomeSource,
    normalize_account,
)
from ._common import _require_editable, parse_amount, save_account_holder
from .eligibility import recalculate

# --- opening and editing --------------------------------------------------------------------


@transaction.atomic
def open_file(*, actor, applicant, causes=(), situation="", bank_name="", bank_account=""):
    """Open a draft file for a member's household; the applicant is its first household member.

    Effects: a HardshipFile (draft) with its number, a HouseholdMember for the applicant, an
    audit event ``assistance.file.open``.
    """
    require_perm("assistance.change_file")
    if not org_in_scope(applicant.org):
        raise PermissionDenied
    file = HardshipFile.objects.create(
        org=applicant.org,
        applicant=applicant,
        causes=list(causes),
        situation=situation,
        bank_name=bank_name,
        bank_account=normalize_account(bank_account),
        created_by=actor,
    )
    file.number = f"KN{file.created_at:%Y}{file.pk:06d}"
    file.save(update_fields=["number"])
    HouseholdMember.objects.create(
        file=file,
        name=applicant.name,
        relationship=Relationship.SELF,
        id_number=applicant.id_number,
        birth_date=applicant.birth_date,
    )
    audit.record(actor, "assistance.file.open", file)
    return file


@transaction.atomic
def update_file(*, actor, file, version, causes, situation, bank_name, bank_account):
    """Change the file's causes, situation and bank account (draft only, stale edits refused)."""
    require_perm("assistance.change_file")
    _require_editable(file)
    return save_account_holder(
        actor,
        file,
        "assistance.file.update",
        version=version,
        stale=_("档案已被他人修改，请刷新后重试"),
        bank_name=bank_name,
        bank_account=bank_account,
        then=recalculate,
        causes=list(causes),
        situation=situation,
    )


@transaction.atomic
def add_household_member(
    *,
    actor,
    file,
    name,
    relationship,
    id_number,
    health="healthy",
    health_note="",
    schooling="",
    school_name="",
    employment="employed",
    monthly_income="0",
):
    """Add a person to the household (draft only). The ID number is checked (checksum and
    birth date); the same person twice in one file is refused."""
    require_perm("assistance.change_file")
    _require_editable(file)
    check = check_id_number(id_number)
    if not check.ok:
        raise ValidationError({"id_number": check.errors[0]})
    person = HouseholdMember(
        file=file,
        name=name.strip(),
        relationship=relationship,
        id_number=check.value,
        birth_date=check.birth_date,
        health=health,
        health_note=health_note,
        schooling=schooling,
        school_name=school_name,
        employment=employment,
        monthly_income=str(parse_amount(monthly_income)),
    )
    try:
        with transaction.atomic():
            person.save()
    except IntegrityError:
        raise ValidationError({"id_number": _("此人已在本户家庭成员中")}) from None
    recalculate(file)
    audit.record(actor, "assistance.household.add", file, extra={"relationship": relationship})
    return person


@transaction.atomic
def set_member_income(*, actor, file, member_id, monthly_income, employment=None):
    """Enter one household member's own monthly income (the applicant's wage included);
    draft only. The arithmetic then shows each member's income."""
    require_perm("assistance.change_file")
    _require_editable(file)
    person = HouseholdMember.objects.filter(file=file, pk=member_id).first()
    if person is None:
        raise ValidationError(_("家庭成员不存在"))
    person.monthly_income = str(parse_amount(monthly_income))
    if employment:
        person.employment = employment
    person.save(update_fields=["monthly_income", "employment"])
    recalculate(file)
    audit.record(
        actor,
        "assistance.household.income",
        file,
        extra={"relationship": person.relationship},
    )
    return person


def _add_line(actor, file, model, action, extra, **fields):
    """One line of a draft file's arithmetic (an income, a cost, a declaration): saved, the
    arithmetic redone, audited as ``action`` with ``extra``. A ``monthly_amount`` is money."""
    require_perm("assistance.change_file")
    _require_editable(file)
    if "monthly_amount" in fields:
        fields["monthly_amount"] = str(parse_amount(fields["monthly_amount"], "monthly_amount"))
    row = model.objects.create(file=file, **fields)
    recalculate(file)
    audit.record(actor, action, file, extra=extra)
    return row


@transaction.atomic
def add_income(*, actor, file, kind, monthly_amount, description=""):
    return _add_line(
        actor, file, IncomeSource, "assistance.income.add", {"kind": kind},
        kind=kind, description=description, monthly_amount=monthly_amount,
    )  # fmt: skip


@transaction.atomic
def add_cost(*, actor, file, kind, monthly_amount, description=""):
    return _add_line(
        actor, file, HardshipCost, "assistance.cost.add", {"kind": kind},
        kind=kind, description=description, monthly_amount=monthly_amount,
    )  # fmt: skip


@transaction.atomic
def add_declaration(*, actor, file, kind, count=1, description=""):
    return _add_line(
        actor, file, Declaration, "assistance.declaration.add", {"kind": kind, "count": count},
        kind=kind, count=count, description=description,
    )  # fmt: skip


ROW_MODELS = {
    "household": HouseholdMember,
    "income": IncomeSource,
    "cost": HardshipCost,
    "declaration": Declaration,
}


@transaction.atomic
def remove_row(*, actor, file, kind, row_id):
    """Remove a household member, income, cost or declaration from a draft file."""
    require_perm("assistance.change_file")
    _require_editable(file)
    model = ROW_MODELS[kind]
    row = model.objects.filter(file=file, pk=row_id).first()
    if row is None:
        raise ValidationError(_("记录不存在"))
    if kind == "household" and row.relationship == Relationship.SELF:
        raise ValidationError(_("申请人本人不能删除"))
    row.delete()
    recalculate(file)
    audit.record(actor, f"assistance.{kind}.remove", file)


@transaction.atomic
def add_attachment(*, actor, file, kind, upload):
    require_perm("assistance.change_file")
    if file.status == FileStatus.CLOSED:
        raise ValidationError(_("档案已关闭"))
    row = Attachment.objects.create(
        file=file,
        kind=kind,
        upload=upload,
        original_name=getattr(upload, "name", "")[:255],
        uploaded_by=actor,
    )
    audit.record(actor, "assistance.attachment.add", file, extra={"kind": kind})
    return row
