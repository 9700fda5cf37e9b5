"""The grassroots union's books: budget lines, expenses with receipts and two-person approval,
and the audit committee's review of the year with findings and answers."""

import os

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from gonghui.core import audit, config
from gonghui.core.scoping import current_scope, org_in_scope, require_perm
from gonghui.orgs.models import GRASSROOTS_KINDS

from ..enums import Account, BudgetStatus, EntryKind, ExpenseStatus, ReviewStatus
from ..models import AuditReview, BudgetLine, Expense, Finding, Memo, Receipt
from .ledger import EntrySpec, post_entries

# Receipts: the first bytes must match the extension (a renamed program is refused).
RECEIPT_TYPES = {
    ".pdf": ((b"%PDF-",), "application/pdf"),
    ".png": ((b"\x89PNG\r\n\x1a\n",), "image/png"),
    ".jpg": ((b"\xff\xd8\xff",), "image/jpeg"),
    ".jpeg": ((b"\xff\xd8\xff",), "image/jpeg"),
}


def _own_books(org):
    # The books are kept by a grassroots union, written from inside its scope.
    if not org_in_scope(org):
        raise PermissionDenied(_("该工会不在您的管理范围内"))
    if org.kind not in GRASSROOTS_KINDS:
        raise ValidationError(_("账簿由基层工会记录"))


@transaction.atomic
def add_budget_line(*, actor, org, year, category, title, amount):
    """A draft budget line of ``org`` for ``year``. Effects: the line; an audit event."""
    require_perm("funds.manage_budget")
    _own_books(org)
    if amount is None or amount <= 0:
        raise ValidationError({"amount": _("预算金额须大于 0")})
    # Unscoped: the database's uniqueness, checked for a clear message (the union is in scope).
    if BudgetLine.unscoped.filter(org=org, year=year, title=title).exists():
        raise ValidationError({"title": _("本年度已有同名预算项目")})
    line = BudgetLine.objects.create(org=org, year=year, category=category, title=title,
                                     amount=amount, created_by=actor)  # fmt: skip
    audit.record(actor, "funds.budget.add", line, extra={"amount": str(amount)})
    return line


@transaction.atomic
def approve_budget(*, actor, org, year):
    """The committee approves ``org``'s draft budget lines for ``year``: they can then be
    spent against. Effects: the lines' status; an audit event. Returns how many."""
    require_perm("funds.approve_budget")
    _own_books(org)
    drafts = BudgetLine.objects.select_for_update().filter(
        org=org, year=year, status=BudgetStatus.DRAFT
    )
    n = drafts.update(status=BudgetStatus.APPROVED, approved_by=actor, approved_at=timezone.now())
    if not n:
        raise ValidationError(_("没有待批准的预算项目"))
    audit.record(actor, "funds.budget.approve", org, extra={"year": year, "lines": n})
    return n


@transaction.atomic
def record_expense(*, actor, budget_line, spent_on, payee, purpose, amount):
    """Record an expense against an approved budget line; it waits for a second person's
    approval. Effects: the expense; an audit event."""
    require_perm("funds.record_expense")
    _own_books(budget_line.org)
    if budget_line.status != BudgetStatus.APPROVED:
        raise ValidationError({"budget_line": _("预算项目尚未批准，不能列支")})
    if amount is None or amount <= 0:
        raise ValidationError({"amount": _("金额须大于 0")})
    if spent_on.year != budget_line.year:
        raise ValidationError({"spent_on": _("支出日期须在预算年度内")})
    expense = Expense.objects.create(
        org=budget_line.org, budget_line=budget_line, spent_on=spent_on, payee=payee,
        purpose=purpose, amount=amount, recorded_by=actor,
    )  # fmt: skip
    audit.record(actor, "funds.expense.record", expense, extra={"amount": str(amount)})
    return expense


@transaction.atomic
def attach_receipt(*, actor, expense, upload):
    """Attach a receipt (PDF, JPEG or PNG; content checked; size limited) to an expense still
    waiting for approval. Effects: the stored file; an audit event."""
    require_perm("funds.record_expense")
    _own_books(expense.org)
    if expense.status != ExpenseStatus.RECORDED:
        raise ValidationError(_("已审批的支出不能再添加凭证"))
    name = os.path.basename(upload.name or "")[:200]
    ext = os.path.splitext(name)[1].lower()
    if ext not in RECEIPT_TYPES:
        raise ValidationError({"file": _("凭证只能是 PDF、JPG 或 PNG 文件")})
    limit_mb = config.get("funds.receipt_max_mb")
    if upload.size > limit_mb * 1024 * 1024:
        raise ValidationError({"file": _("凭证不能超过 %(n)s MB") % {"n": limit_mb}})
    signatures, content_type = RECEIPT_TYPES[ext]
    head = upload.read(16)
    upload.seek(0)
    if not head.startswith(signatures):
        raise ValidationError({"file": _("文件内容与扩展名不符")})
    receipt = Receipt(expense=expense, org=expense.org, original_name=name,
                      content_type=content_type, size=upload.size, uploaded_by=actor)  # fmt: skip
    receipt.file.save(f"{expense.pk}{ext}", upload, save=False)
    receipt.save()
    audit.record(actor, "funds.expense.attach", expense, extra={"file": name})
    return receipt


@transaction.atomic
def approve_expense(*, actor, expense):
    """A second person approves an expense: not the one who recorded it (also a database
    check), with at least one receipt, within what is left of its budget line (checked under
    the line's row lock). Effects: status, the ledger entry (expense against bank); audit."""
    require_perm("funds.approve_expense")
    expense = Expense.objects.select_for_update().select_related("org").get(pk=expense.pk)
    _own_books(expense.org)
    if expense.status != ExpenseStatus.RECORDED:
        raise ValidationError(_("该支出不在待审批状态"))
    # Four eyes: whoever recorded the expense may not approve it.
    if expense.recorded_by_id == actor.pk:
        raise PermissionDenied(_("经办人不能审批自己记录的支出"))
    if not expense.receipts.exists():
        raise ValidationError(_("请先上传支出凭证"))
    line = BudgetLine.objects.select_for_update().get(pk=expense.budget_line_id)
    spent = line.expenses.filter(status=ExpenseStatus.APPROVED).aggregate(s=Sum("amount"))["s"] or 0
    if spent + expense.amount > line.amount:
        raise ValidationError(
            _("超出预算：该项目预算 %(budget)s 元，已支出 %(spent)s 元")
            % {"budget": line.amount, "spent": spent}
        )
    args = {"purpose": expense.purpose, "payee": expense.payee}
    spec = EntrySpec(expense.org_id, EntryKind.EXPENSE, expense.spent_on,
                     Memo.text(Memo.EXPENSE, args), f"expense:{expense.pk}",
                     [(expense.org_id, Account.EXPENSE, expense.amount),
                      (expense.org_id, Account.BANK, -expense.amount)],
                     memo_code=Memo.EXPENSE, memo_args=args)  # fmt: skip
    (entry,) = post_entries(actor, [spec])
    expense.status, expense.approved_by, expense.decided_at = (
        ExpenseStatus.APPROVED,
        actor,
        timezone.now(),
    )
    expense.entry = entry
    expense.save()
    audit.record(actor, "funds.expense.approve", expense, extra={"amount": str(expense.amount)})
    return expense


@transaction.atomic
def reject_expense(*, actor, expense, reason):
    """Send an expense back (not posted). Effects: status and reason; an audit event."""
    require_perm("funds.approve_expense")
    expense = Expense.objects.select_for_update().get(pk=expense.pk)
    _own_books(expense.org)
    if expense.status != ExpenseStatus.RECORDED:
        raise ValidationError(_("该支出不在待审批状态"))
    if not reason.strip():
        raise ValidationError({"reason": _("请填写退回理由")})
    expense.status, expense.reject_reason, expense.decided_at = (
        ExpenseStatus.REJECTED,
        reason.strip()[:200],
        timezone.now(),
    )
    expense.save()
    audit.record(actor, "funds.expense.reject", expense, extra={"reason": reason.strip()[:200]})
    return expense


# --- the audit committee's review ---------------------------------------------------------


@transaction.atomic
def open_review(*, actor, org, year):
    """The audit committee opens its review of ``org``'s accounts for ``year`` (once)."""
    require_perm("funds.review_accounts")
    _own_books(org)
    # Unscoped: one review per union and year (the union is in scope).
    review, created = AuditReview.unscoped.get_or_create(
        org=org, year=year, defaults={"reviewer": actor}
    )
    if created:
        audit.record(actor, "funds.review.open", review, extra={"year": year})
    return review


@transaction.atomic
def add_finding(*, actor, review, text):
    require_perm("funds.review_accounts")
    _open(review)
    if not text.strip():
        raise ValidationError({"text": _("请填写审查发现")})
    finding = Finding.objects.create(review=review, org=review.org, text=text.strip())
    audit.record(actor, "funds.review.finding", review)
    return finding


@transaction.atomic
def answer_finding(*, actor, finding, answer):
    """The union answers a finding of the audit committee (what it corrected)."""
    require_perm("funds.answer_findings")
    _open(finding.review)
    if not answer.strip():
        raise ValidationError({"answer": _("请填写整改说明")})
    finding.answer, finding.answered_by, finding.answered_at = answer.strip(), actor, timezone.now()
    finding.save()
    audit.record(actor, "funds.review.answer", finding.review)
    return finding


@transaction.atomic
def conclude_review(*, actor, review, opinion):
    """The committee concludes the year with its opinion; every finding must be answered."""
    require_perm("funds.review_accounts")
    review = AuditReview.objects.select_for_update().get(pk=review.pk)
    _open(review)
    if not opinion.strip():
        raise ValidationError({"opinion": _("请填写审查意见")})
    if review.findings.filter(Q(answer="")).exists():
        raise ValidationError(_("还有审查发现未答复，不能结束审查"))
    review.opinion, review.status, review.concluded_at = (
        opinion.strip(),
        ReviewStatus.CONCLUDED,
        timezone.now(),
    )
    review.save()
    audit.record(actor, "funds.review.conclude", review)
    return review


def _open(review):
    if review.status != ReviewStatus.OPEN:
        raise ValidationError(_("该年度经费审查已结束"))
    if current_scope(required=False) is None:
        raise PermissionDenied
