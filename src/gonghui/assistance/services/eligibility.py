"""Eligibility: evaluation under the rules in force, exclusions and their overrides."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from gonghui.core import audit
from gonghui.core.scoping import require_perm

from .. import explain, policy
from ..enums import Category, FileStatus
from ..models import (
    ExclusionOverride,
)
from ..selectors import dibao_for
from ._common import _today

# --- eligibility ---------------------------------------------------------------------------


def evaluate(file, year=None):
    """The eligibility outcome of a file with the rules in force now (nothing saved)."""
    year = year or _today().year
    standard = dibao_for(file.org, year)
    household = list(file.household.all())
    outcome = policy.classify(
        incomes=[(p.name, p.relationship, p.income) for p in household],
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
        {
            "step": "dibao_basis",
            "org": standard.org.name,
            "year": standard.year,
            "standard": standard.pk,
        },
    )
    confirmed = (
        {o.rule: o for o in file.overrides.filter(confirmed_at__isnull=False)} if file.pk else {}
    )
    version = policy.setting_version_id("assistance.exclusion_rules", file.org)
    excluding = []
    for key in outcome.exclusions:
        step = {"step": "exclusion", "rule": key, "version": version}
        if key in confirmed:
            step["waived"] = confirmed[key].reason
        else:
            excluding.append(key)
        outcome.steps.append(step)
    if excluding:
        # The income test's conclusion becomes an intermediate result: the exclusion decides.
        for step in outcome.steps:
            if step["step"] == "conclusion":
                step["income_test"] = True
        outcome.category = Category.NOT_ELIGIBLE
        outcome.steps.append({"step": "excluded", "rules": excluding})
    outcome.rule_basis = explain.rule_basis(
        multiples_version=policy.setting_version_id("assistance.category_multiples", file.org),
        exclusions_version=version,
        standard=standard,
    )
    outcome.dibao = standard.monthly_amount
    outcome.size = len(household)
    return outcome


def recalculate(file):
    """Recompute and store the file's category and arithmetic (called after every change).
    Without a 低保 standard for the year the category stays unknown."""
    year = _today().year
    try:
        outcome = evaluate(file, year)
    except ValidationError:
        file.category, file.rule_basis = "", {}
        file.eligibility_steps = [{"step": "no_dibao", "year": year}]
        file.save(update_fields=["category", "eligibility_steps", "rule_basis", "updated_at"])
        return None
    file.category = outcome.category
    file.eligibility_steps = outcome.steps
    file.rule_basis = outcome.rule_basis
    file.dibao_amount = outcome.dibao
    file.household_size = outcome.size
    file.exclusions = outcome.exclusions
    file.computed_at = timezone.now()
    file.save(
        update_fields=[
            "category",
            "eligibility_steps",
            "rule_basis",
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
