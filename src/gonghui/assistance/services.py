"""Writes on hardship files: opening, household rows, eligibility, the review chain, flags,
objections, yearly review, spot checks, exit and reopening. Every function runs in a
transaction, checks the permission, and records an audit event (never with sensitive values)."""

import datetime
import math
import random

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from gonghui.core import audit, config
from gonghui.core.money import parse_money
from gonghui.core.scoping import org_in_scope, require_perm
from gonghui.core.text.idnumbers import check_id_number
from gonghui.core.versions import require_current_version
from gonghui.core.workdays import add_working_days

from . import flags, policy
from .enums import AttachmentKind, Category, FileStatus, FlagStatus, Relationship
from .models import (
    Attachment,
    Declaration,
    DibaoStandard,
    ExclusionOverride,
    HardshipCost,
    HardshipFile,
    HomeVisit,
    HouseholdMember,
    IncomeSource,
    Objection,
    SpotCheck,
    YearlyReview,
    normalize_account,
)
from .selectors import dibao_for
from .workflows import FILE_WORKFLOW

EDITABLE = frozenset({FileStatus.DRAFT})


def _today():
    return timezone.localdate()


def parse_amount(value, field="monthly_income"):
    """A non-negative amount in yuan, rounded half up to cents (core/money.py)."""
    return parse_money(value, field=field)


def _require_editable(file):
    if file.status not in EDITABLE:
        raise ValidationError(_("档案已提交，不能修改；如需修改请先退回"))


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
    require_current_version(file, version, _("档案已被他人修改，请刷新后重试"))
    before = audit.snapshot(file)
    bank_account = normalize_account(bank_account or "")
    account_changed = bank_account != file.bank_account
    file.causes, file.situation = list(causes), situation
    file.bank_name, file.bank_account = bank_name, bank_account
    file.version += 1
    file.save()
    recalculate(file)
    audit.record(
        actor,
        "assistance.file.update",
        file,
        changes=audit.diff(before, audit.snapshot(file)),
        extra={"bank_account_changed": account_changed},
    )
    return file


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


@transaction.atomic
def add_income(*, actor, file, kind, monthly_amount, description=""):
    require_perm("assistance.change_file")
    _require_editable(file)
    row = IncomeSource.objects.create(
        file=file,
        kind=kind,
        description=description,
        monthly_amount=str(parse_amount(monthly_amount, "monthly_amount")),
    )
    recalculate(file)
    audit.record(actor, "assistance.income.add", file, extra={"kind": kind})
    return row


@transaction.atomic
def add_cost(*, actor, file, kind, monthly_amount, description=""):
    require_perm("assistance.change_file")
    _require_editable(file)
    row = HardshipCost.objects.create(
        file=file,
        kind=kind,
        description=description,
        monthly_amount=str(parse_amount(monthly_amount, "monthly_amount")),
    )
    recalculate(file)
    audit.record(actor, "assistance.cost.add", file, extra={"kind": kind})
    return row


@transaction.atomic
def add_declaration(*, actor, file, kind, count=1, description=""):
    require_perm("assistance.change_file")
    _require_editable(file)
    row = Declaration.objects.create(file=file, kind=kind, count=count, description=description)
    recalculate(file)
    audit.record(actor, "assistance.declaration.add", file, extra={"kind": kind, "count": count})
    return row


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


# --- eligibility ---------------------------------------------------------------------------


def evaluate(file, year=None):
    """The eligibility outcome of a file with the rules in force now (nothing saved)."""
    year = year or _today().year
    standard = dibao_for(file.org, year)
    household = list(file.household.all())
    outcome = policy.classify(
        incomes=[(f"{p.name}（{p.get_relationship_display()}）", p.income) for p in household],
        other_incomes=[i.amount for i in file.incomes.all()],
        costs=[c.amount for c in file.costs.all()],
        size=len(household),
        dibao=standard.monthly_amount,
        accident=policy.is_accident(file.causes),
        org=file.org,
    )
    outcome.exclusions = policy.fired_exclusions(list(file.declarations.all()), file.org)
    outcome.steps.insert(
        4 if household else 3,
        _("低保标准依据：{name} {year} 年（v{pk}）").format(name=standard.org.name, year=standard.year, pk=standard.pk),
    )
    confirmed = (
        {o.rule: o for o in file.overrides.filter(confirmed_at__isnull=False)} if file.pk else {}
    )
    version = policy.setting_version("assistance.exclusion_rules", file.org)
    excluding = []
    for key in outcome.exclusions:
        label = policy.exclusion_label(key)
        if key in confirmed:
            outcome.steps.append(
                _("排除规则触发：{label}（建档排除规则 {version}）→ 已经区级复核放行：{reason}").format(label=label, version=version, reason=confirmed[key].reason)
            )
        else:
            excluding.append(label)
            outcome.steps.append(_("排除规则触发：{label}（建档排除规则 {version}）→ 不予认定").format(label=label, version=version))
    if excluding:
        # The income test's conclusion becomes an intermediate result: the exclusion decides.
        outcome.steps = [
            _("按收入测算：") + step.removeprefix(_("结论：")) if step.startswith(_("结论：")) else step
            for step in outcome.steps
        ]
        outcome.category = Category.NOT_ELIGIBLE
        outcome.steps.append(_("结论：不符合条件（触发排除规则：{values}）").format(values='、'.join(excluding)))
    outcome.rule_version = (
        _("类别倍数 {setting_version} · 排除规则 {setting_version2} · 低保 {code}/{year} v{pk}").format(setting_version=policy.setting_version('assistance.category_multiples', file.org), setting_version2=policy.setting_version('assistance.exclusion_rules', file.org), code=standard.org.code, year=standard.year, pk=standard.pk)
    )
    outcome.dibao = standard.monthly_amount
    outcome.size = len(household)
    return outcome


def recalculate(file):
    """Recompute and store the file's category and arithmetic (called after every change).
    Without a 低保 standard for the year the category stays unknown."""
    try:
        outcome = evaluate(file)
    except ValidationError as exc:
        file.category, file.eligibility_text, file.rule_version = "", exc.messages[0], ""
        file.save(update_fields=["category", "eligibility_text", "rule_version", "updated_at"])
        return None
    file.category = outcome.category
    file.eligibility_text = outcome.text
    file.rule_version = outcome.rule_version
    file.dibao_amount = outcome.dibao
    file.household_size = outcome.size
    file.exclusions = outcome.exclusions
    file.computed_at = timezone.now()
    file.save(
        update_fields=[
            "category",
            "eligibility_text",
            "rule_version",
            "dibao_amount",
            "household_size",
            "exclusions",
            "computed_at",
            "updated_at",
        ]
    )
    return outcome


def unresolved_exclusions(file):
    """Fired exclusion rules not (yet) let through by a confirmed district-level override."""
    confirmed = set(
        file.overrides.filter(confirmed_at__isnull=False).values_list("rule", flat=True)
    )
    return [rule for rule in file.exclusions if rule not in confirmed]


def pending_overrides(file):
    return list(file.overrides.filter(confirmed_at__isnull=True).select_related("decided_by"))


@transaction.atomic
def override_exclusion(*, actor, file, rule, reason):
    """Propose letting a fired exclusion rule through, with a written reason. The exclusion
    keeps excluding until a second person at district level confirms it."""
    require_perm("assistance.override_flag")
    if rule not in file.exclusions:
        raise ValidationError(_("该排除规则未触发"))
    if not reason.strip():
        raise ValidationError({"reason": _("放行需要填写书面理由")})
    if file.status not in (FileStatus.DRAFT, FileStatus.SUBMITTED, FileStatus.VISITED):
        raise ValidationError(_("只有审核前的档案可以申请排除规则放行"))
    try:
        with transaction.atomic():
            row = ExclusionOverride.objects.create(
                file=file, rule=rule, reason=reason.strip(), decided_by=actor
            )
    except IntegrityError:
        raise ValidationError(_("该排除规则已申请放行")) from None
    audit.record(actor, "assistance.exclusion.override", file, extra={"rule": rule})
    return row


@transaction.atomic
def confirm_exclusion_override(*, actor, override):
    """The second person, at district level, confirms an exclusion override; the category is
    then recomputed without that rule. Nobody confirms their own proposal, nor an override on
    a file they created or submitted."""
    require_perm("assistance.confirm_override")
    override = (
        ExclusionOverride.objects.select_for_update().select_related("file").get(pk=override.pk)
    )
    file = override.file
    if override.confirmed_at:
        raise ValidationError(_("该放行已复核"))
    if override.decided_by_id == actor.pk:
        raise PermissionDenied(_("四眼原则：放行须由提出人以外的区级人员复核"))
    if actor.pk in (file.created_by_id, file.submitted_by_id):
        raise PermissionDenied(_("四眼原则：建档人或提交人不能复核本档案的放行"))
    override.confirmed_by, override.confirmed_at = actor, timezone.now()
    override.save(update_fields=["confirmed_by", "confirmed_at"])
    recalculate(file)
    audit.record(actor, "assistance.exclusion.confirm", file, extra={"rule": override.rule})
    return override


# --- the review chain ----------------------------------------------------------------------


def _hold_places(file, hold):
    """Mark the household as holding its place (open file) or release it. The partial unique
    index refuses a person already in another open file."""
    try:
        with transaction.atomic():
            for person in file.household.all():
                if person.holds_place != hold:
                    person.holds_place = hold
                    person.save(update_fields=["holds_place"])
    except IntegrityError:
        raise ValidationError(
            _("家庭成员中有人已在另一户未关闭的困难档案中，一人只能在一份档案中")
        ) from None


def submission_problems(file):
    """What keeps a draft from being submitted, in Chinese (empty when ready)."""
    problems = []
    kinds = set(file.attachments.values_list("kind", flat=True))
    if AttachmentKind.APPLICATION not in kinds:
        problems.append(_("缺少申请书"))
    if AttachmentKind.CONSENT not in kinds:
        problems.append(_("缺少家庭经济状况核对授权书（需本人签字）"))
    if not file.bank_account:
        problems.append(_("缺少本人名下银行账号"))
    excluding = unresolved_exclusions(file)
    if excluding:
        problems.append(
            _("触发排除规则：")
            + "、".join(policy.exclusion_label(r) for r in excluding)
            + _("，不符合建档条件（须书面说明理由并经区级另一人复核放行）")
        )
    elif file.category in (Category.UNKNOWN, Category.NOT_ELIGIBLE):
        problems.append(_("困难类别为“{label}”，不能提交").format(label=Category(file.category).label))
    return problems


@transaction.atomic
def submit_file(*, actor, file):
    """Grassroots union's first check: draft → submitted. Starts the review deadline."""
    recalculate(file)
    problems = submission_problems(file)
    if problems:
        raise ValidationError(problems)
    file.submitted_at = timezone.now()
    file.submitted_by = actor
    file.review_due = add_working_days(
        _today(), config.get("assistance.review_working_days", file.org)
    )
    _hold_places(file, True)
    FILE_WORKFLOW.apply(file, "submit", actor=actor)
    flags.refresh_file_flags(file)
    audit.record(actor, "assistance.file.submit", file)
    return file


@transaction.atomic
def record_visit(*, actor, file, visited_on, visitors, findings, photo=None):
    """Record the home visit; a submitted file moves to visited."""
    require_perm("assistance.record_visit")
    if file.status not in (FileStatus.DRAFT, FileStatus.SUBMITTED, FileStatus.VISITED):
        raise ValidationError(_("当前状态不能登记入户核查"))
    if not visitors.strip():
        raise ValidationError({"visitors": _("请填写走访人员")})
    visit = HomeVisit.objects.create(
        file=file,
        visited_on=visited_on,
        visitors=visitors,
        findings=findings,
        photo=photo or "",
        recorded_by=actor,
    )
    if file.status == FileStatus.SUBMITTED:
        FILE_WORKFLOW.apply(file, "visit", actor=actor)
    audit.record(actor, "assistance.visit.record", file)
    return visit


def open_flags(file):
    return file.flags.filter(status=FlagStatus.OPEN, entitlement__isnull=True)


@transaction.atomic
def review_file(*, actor, file, note=""):
    """The higher union's assistance centre approves its review: visited → reviewed.
    Refused while duplicate/fraud flags are open."""
    if file.status == FileStatus.VISITED:
        flags.refresh_file_flags(file)
    if open_flags(file).exists():
        raise ValidationError(_("存在未处理的重复/异常提示，请先核实并说明"))
    recalculate(file)
    excluding = unresolved_exclusions(file)
    if excluding:
        raise ValidationError(
            _("触发排除规则：")
            + "、".join(policy.exclusion_label(r) for r in excluding)
            + _("，不符合条件，不能审核通过")
        )
    file.reviewed_by = actor
    FILE_WORKFLOW.apply(file, "review", actor=actor, reason=note)
    audit.record(actor, "assistance.file.review", file)
    return file


@transaction.atomic
def publish_notice(*, actor, file, start=None):
    """Start the public notice: it runs the configured number of working days."""
    start = start or _today()
    excluding = unresolved_exclusions(file)
    if excluding or file.category in (Category.UNKNOWN, Category.NOT_ELIGIBLE):
        raise ValidationError(_("不符合条件的档案（含触发排除规则）不能公示"))
    file.notice_start = start
    file.notice_end = add_working_days(
        start, config.get("assistance.notice_working_days", file.org)
    )
    FILE_WORKFLOW.apply(
        file,
        "publish",
        actor=actor,
        reason=config.describe("assistance.notice_working_days", file.org),
    )
    audit.record(
        actor, "assistance.file.publish", file, extra={"notice_end": file.notice_end.isoformat()}
    )
    return file


def approval_problems(file, today=None):
    today = today or _today()
    problems = []
    if file.notice_end and today <= file.notice_end:
        problems.append(_("公示期至 {notice_end:%Y-%m-%d}，期满后方可审批").format(notice_end=file.notice_end))
    if file.objections.filter(resolved_at__isnull=True).exists():
        problems.append(_("有未处理的公示异议"))
    if file.objections.filter(upheld=True).exists():
        problems.append(_("有成立的公示异议，请退回修改"))
    if open_flags(file).exists():
        problems.append(_("存在未处理的重复/异常提示"))
    for rule in unresolved_exclusions(file):
        problems.append(
            _("触发排除规则：{exclusion_label}，不符合条件（须经区级复核放行）").format(exclusion_label=policy.exclusion_label(rule))
        )
    return problems


@transaction.atomic
def approve_file(*, actor, file, today=None):
    """Final approval after the notice: notice → filed. Sets the next yearly review."""
    today = today or _today()
    problems = approval_problems(file, today)
    if problems:
        raise ValidationError(problems)
    file.approved_by = actor
    file.filed_on = today
    file.next_review_due = (
        today.replace(year=today.year + 1)
        if not (today.month == 2 and today.day == 29)
        else today + datetime.timedelta(days=365)
    )
    FILE_WORKFLOW.apply(file, "approve", actor=actor)
    audit.record(actor, "assistance.file.approve", file)
    return file


@transaction.atomic
def return_file(*, actor, file, reason):
    """Send the file back to draft with a reason; the household releases its place."""
    FILE_WORKFLOW.apply(file, "return", actor=actor, reason=reason)
    _hold_places(file, False)
    audit.record(actor, "assistance.file.return", file)
    return file


@transaction.atomic
def record_objection(*, actor, file, received_on, content):
    require_perm("assistance.record_objection")
    if file.status != FileStatus.NOTICE:
        raise ValidationError(_("只有公示中的档案可以登记异议"))
    row = Objection.objects.create(
        file=file, received_on=received_on, content=content, recorded_by=actor
    )
    audit.record(actor, "assistance.objection.record", file)
    return row


@transaction.atomic
def resolve_objection(*, actor, objection, resolution, upheld):
    require_perm("assistance.publish_notice")
    if objection.resolved_at:
        raise ValidationError(_("该异议已处理"))
    if not resolution.strip():
        raise ValidationError({"resolution": _("请填写处理结果")})
    objection.resolution, objection.upheld = resolution, upheld
    objection.resolved_by, objection.resolved_at = actor, timezone.now()
    objection.save()
    audit.record(actor, "assistance.objection.resolve", objection.file, extra={"upheld": upheld})
    return objection


@transaction.atomic
def override_flag(*, actor, flag, reason):
    """Let a duplicate/fraud flag through after checking it, with a reason (audited)."""
    require_perm("assistance.override_flag")
    if flag.status != FlagStatus.OPEN:
        raise ValidationError(_("该提示已处理"))
    if not reason.strip():
        raise ValidationError({"reason": _("放行需要填写理由")})
    flag.status, flag.override_reason = FlagStatus.OVERRIDDEN, reason.strip()
    flag.decided_by, flag.decided_at = actor, timezone.now()
    flag.save()
    audit.record(actor, "assistance.flag.override", flag.file, extra={"kind": flag.kind})
    return flag


# --- yearly review, spot checks, exit, reopen ----------------------------------------------


@transaction.atomic
def review_yearly(*, actor, file, year=None, note=""):
    """Re-compute a filed household against the rules in force and record the yearly review."""
    require_perm("assistance.review_yearly")
    if file.status != FileStatus.FILED:
        raise ValidationError(_("只有已建档的档案需要年审"))
    year = year or _today().year
    outcome = evaluate(file, year)
    try:
        with transaction.atomic():
            review = YearlyReview.objects.create(
                file=file,
                year=year,
                category=outcome.category,
                eligibility_text=outcome.text,
                rule_version=outcome.rule_version,
                note=note,
                reviewed_by=actor,
            )
    except IntegrityError:
        raise ValidationError(_("{year} 年已完成年审").format(year=year)) from None
    file.next_review_due = _today() + datetime.timedelta(days=365)
    file.category, file.eligibility_text, file.rule_version = (
        outcome.category,
        outcome.text,
        outcome.rule_version,
    )
    file.save()
    audit.record(
        actor,
        "assistance.file.review_yearly",
        file,
        extra={"year": year, "category": outcome.category},
    )
    return review


@transaction.atomic
def draw_spot_check(*, actor, org, year, rng=None):
    """Draw and record the random sample of filed files for the year's spot check
    (at least the configured ratio, rounded up)."""
    require_perm("assistance.draw_spot_check")
    if not org_in_scope(org):
        raise PermissionDenied
    ratio = config.get("assistance.spot_check_ratio", org)
    population = list(
        HardshipFile.objects.in_subtree(org.path)
        .filter(status=FileStatus.FILED)
        .values_list("pk", flat=True)
    )
    size = min(len(population), math.ceil(len(population) * ratio))
    rng = rng or random.SystemRandom()
    sample = sorted(rng.sample(population, size))
    # 送温暖 recipients of the year are sampled at the same ratio (their visit and sign-off
    # are checked on the spot like a hardship file).
    from .enums import EntitlementStatus, ProgrammeKind
    from .models import Entitlement

    recipients = list(
        Entitlement.objects.in_subtree(org.path)
        .filter(
            cycle__year=year,
            cycle__programme__kind=ProgrammeKind.WARMTH,
            status=EntitlementStatus.APPROVED,
        )
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    warmth_size = min(len(recipients), math.ceil(len(recipients) * ratio))
    warmth_sample = sorted(rng.sample(recipients, warmth_size))
    try:
        with transaction.atomic():
            check = SpotCheck.objects.create(
                org=org,
                year=year,
                ratio=ratio,
                population=len(population),
                file_ids=sample,
                entitlement_ids=warmth_sample,
                ratio_setting=config.describe("assistance.spot_check_ratio", org),
                drawn_by=actor,
            )
    except IntegrityError:
        raise ValidationError(_("{year} 年已抽取抽查样本").format(year=year)) from None
    audit.record(
        actor,
        "assistance.spot_check.draw",
        org=org,
        extra={"year": year, "size": size, "warmth": warmth_size},
    )
    return check


def _add_months(day, months):
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    return datetime.date(year, month, min(day.day, 28))


@transaction.atomic
def exit_file(*, actor, file, reason, note=""):
    """解困脱困: close a filed household with a reason; schedule the follow-up visits and
    set the retention date."""
    from .enums import ExitReason

    if reason not in ExitReason.values:
        raise ValidationError({"reason": _("请选择脱困原因")})
    today = _today()
    file.exit_reason, file.exit_note, file.closed_on = reason, note, today
    from .retention import keep_until

    file.retain_until = keep_until(file)
    label = ExitReason(reason).label
    if reason == ExitReason.INCOME_ABOVE:
        label += f"（{config.describe('assistance.exit_income_months', file.org)}）"
    FILE_WORKFLOW.apply(file, "exit", actor=actor, reason=f"{label} {note}".strip())
    _hold_places(file, False)
    for months in config.get("assistance.follow_up_months", file.org):
        HomeVisit.objects.create(
            file=file, is_follow_up=True, due_on=_add_months(today, int(months))
        )
    audit.record(actor, "assistance.file.exit", file, extra={"reason": reason})
    return file


@transaction.atomic
def record_follow_up(*, actor, visit, visited_on, visitors, findings):
    require_perm("assistance.record_visit")
    if not visit.is_follow_up or visit.visited_on:
        raise ValidationError(_("该回访已登记"))
    visit.visited_on, visit.visitors, visit.findings = visited_on, visitors, findings
    visit.recorded_by = actor
    visit.save()
    audit.record(actor, "assistance.visit.follow_up", visit.file)
    return visit


@transaction.atomic
def reopen_file(*, actor, file, reason):
    """Hardship returned: a closed file goes back to draft and through the chain again
    (not once its personal data has been purged: open a new file then)."""
    if file.purged_at:
        raise ValidationError(_("该档案的个人信息已按保存期限清除，不能重新打开，请新建档案"))
    file.closed_on = None
    file.retain_until = None
    FILE_WORKFLOW.apply(file, "reopen", actor=actor, reason=reason)
    audit.record(actor, "assistance.file.reopen", file)
    return file


def set_dibao(*, actor, org, year, monthly_amount, note=""):
    """Record (or change) an area's 低保 standard for a year. District admins only."""
    require_perm("assistance.manage_dibao")
    amount = parse_amount(monthly_amount, "monthly_amount")
    if amount <= 0:
        raise ValidationError({"monthly_amount": _("低保标准须大于 0")})
    with transaction.atomic():
        row, _created = DibaoStandard.objects.update_or_create(
            org=org,
            year=year,
            defaults={"monthly_amount": amount, "note": note, "created_by": actor},
        )
        audit.record(
            actor,
            "assistance.dibao.set",
            org=org,
            changes={"year": year, "monthly_amount": str(amount)},
        )
    return row


# --- outside aid (civil-affairs grants and other aid a union records) -----------------------


@transaction.atomic
def record_external_aid(
    *, actor, org, person_name, id_number, source, amount, granted_on, note="", audit_it=True
):
    """Record aid a person received from outside the union (e.g. a civil-affairs grant), so
    the duplicate-aid checks see it. The ID number is checked; the same person, source, date
    and amount twice is refused."""
    require_perm("assistance.record_external_aid")
    if not org_in_scope(org):
        raise PermissionDenied
    check = check_id_number(id_number)
    if not check.ok:
        raise ValidationError({"id_number": check.errors[0]})
    if not person_name.strip():
        raise ValidationError({"person_name": _("请填写姓名")})
    if not source.strip():
        raise ValidationError({"source": _("请填写资助来源")})
    amount = parse_amount(amount, "amount")
    from gonghui.core.fields import blind_index_for

    from .models import ExternalAid

    if ExternalAid.unscoped.filter(
        id_number_index=blind_index_for(ExternalAid, "id_number", check.value),
        source=source.strip(),
        granted_on=granted_on,
        amount=amount,
    ).exists():
        raise ValidationError(_("该笔外部救助已登记"))
    row = ExternalAid.objects.create(
        org=org,
        person_name=person_name.strip(),
        id_number=check.value,
        year=granted_on.year,
        source=source.strip(),
        amount=amount,
        granted_on=granted_on,
        note=note.strip(),
        created_by=actor,
    )
    if audit_it:
        audit.record(actor, "assistance.external_aid.record", row, extra={"source": row.source})
    return row
