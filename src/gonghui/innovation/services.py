"""Writes of the proposal process. Every function takes the acting user first, runs in one
transaction, checks the permission, follows the workflow table and writes its audit event.

submitted → triaged → under review → adopted / not adopted / merged → implementing →
benefit confirmed (locked) → reward approved → paid; a proposal without a concrete solution is
recorded as a general opinion (no reward).
"""

from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext, gettext_lazy

from gonghui.core import audit, config
from gonghui.core.money import parse_money
from gonghui.core.scoping import current_scope, org_in_scope, require_perm
from gonghui.core.workflow import Transition, Workflow
from gonghui.members.models import Member

from . import scoring, selectors
from .models import (
    Criterion,
    ImplementationStatus,
    Milestone,
    Proposal,
    ProposalAttachment,
    ProposalCounter,
    ProposalStatus,
    Review,
    ReviewScore,
    RewardBand,
    Rubric,
)

S = ProposalStatus


def _not_an_author(proposal, actor):
    if actor.pk in selectors.author_users(proposal):
        return gettext("建议人本人或共同建议人不能办理此事项")
    return None


def _benefit_confirmed_after_done(proposal, actor):
    if proposal.impl_status != ImplementationStatus.DONE:
        return gettext("实施完成后方可确认效益")
    return None


WORKFLOW = Workflow(
    state_field="status",
    transitions=[
        Transition("triage", (S.SUBMITTED,), S.TRIAGED, "innovation.triage_proposal", gettext_lazy("受理")),
        Transition(
            "to_opinion",
            (S.SUBMITTED, S.TRIAGED),
            S.GENERAL_OPINION,
            "innovation.triage_proposal",
            gettext_lazy("转为一般意见"),
            needs_reason=True,
        ),
        Transition(
            "start_review", (S.TRIAGED,), S.UNDER_REVIEW, "innovation.assign_reviewers", gettext_lazy("提交评审")
        ),
        Transition(
            "adopt",
            (S.UNDER_REVIEW,),
            S.ADOPTED,
            "innovation.decide_proposal",
            gettext_lazy("采纳"),
            needs_reason=True,
            guard=_not_an_author,
        ),
        Transition(
            "reject",
            (S.UNDER_REVIEW,),
            S.NOT_ADOPTED,
            "innovation.decide_proposal",
            gettext_lazy("不采纳"),
            needs_reason=True,
            guard=_not_an_author,
        ),
        Transition(
            "merge",
            (S.SUBMITTED, S.TRIAGED, S.UNDER_REVIEW),
            S.MERGED,
            "innovation.decide_proposal",
            gettext_lazy("合并"),
            needs_reason=True,
        ),
        Transition(
            "start_implementation",
            (S.ADOPTED,),
            S.IMPLEMENTING,
            "innovation.manage_implementation",
            gettext_lazy("开始实施"),
        ),
        Transition(
            "confirm_benefit",
            (S.IMPLEMENTING,),
            S.BENEFIT_CONFIRMED,
            "innovation.confirm_benefit",
            gettext_lazy("确认效益"),
            guard=_benefit_confirmed_after_done,
        ),
        Transition(
            "approve_reward",
            (S.BENEFIT_CONFIRMED,),
            S.REWARD_APPROVED,
            "innovation.approve_reward",
            gettext_lazy("审批奖励"),
            guard=_not_an_author,
        ),
        Transition("pay", (S.REWARD_APPROVED,), S.PAID, "innovation.record_payment", gettext_lazy("登记发放")),
    ],
)


def _require_in_scope(proposal):
    # A proposal outside the active subtree does not exist for this user.
    if not org_in_scope(proposal.org):
        raise Http404


def _fresh(proposal):
    _require_in_scope(proposal)
    return Proposal.objects.select_for_update().get(pk=proposal.pk)


def _last_used(prefix):
    """The highest sequence already used with ``prefix`` (proposals numbered before the counter
    existed, or by an older version of this function)."""
    # Unscoped: numbers are unique across the district.
    numbers = Proposal.unscoped.filter(number__startswith=prefix).values_list("number", flat=True)
    used = [int(n.rsplit("-", 1)[1]) for n in numbers if n.rsplit("-", 1)[1].isdigit()]
    return max(used, default=0)


def _next_number():
    """The next proposal number of this year (``JY2026-00001``). The year's counter row is
    created once (a concurrent creator's IntegrityError is absorbed by ``get_or_create``) and
    locked for the rest of the caller's transaction, so two simultaneous submissions wait for
    each other and get consecutive numbers instead of the same one."""
    prefix = f"JY{timezone.localdate().year}-"
    counter, _ = ProposalCounter.objects.select_for_update().get_or_create(
        prefix=prefix, defaults={"last": _last_used(prefix)}
    )
    seq = counter.last + 1
    # Never hand out a number that is already taken (e.g. rows restored from a backup);
    # unscoped: numbers are unique across the district.
    while Proposal.unscoped.filter(number=f"{prefix}{seq:05d}").exists():
        seq += 1
    counter.last = seq
    counter.save(update_fields=["last"])
    return f"{prefix}{seq:05d}"


def _money(value, field):
    return parse_money(value, field=field)


def _check_author(actor, author):
    scope = current_scope()
    # The author must be a member in the active scope.
    if not Member.objects.filter(pk=author.pk).exists():
        raise Http404
    # Staff may enter a proposal for any member in scope; a member only for themself.
    if not scope.has_perm("innovation.submit_for_member") and author.user_id != actor.pk:
        raise PermissionDenied(gettext("只能以本人名义提交建议"))


@transaction.atomic
def submit_proposal(
    *,
    actor,
    author,
    kind,
    title,
    problem,
    solution="",
    expected_benefit=0,
    co_authors=(),
    difference_note="",
    files=(),
):
    """Record a new proposal. Effects: the proposal with its similar-proposal hint, co-authors and
    attachments; an audit event. Refused when similar proposals exist and the submitter has not
    said how this one differs (a setting)."""
    require_perm("innovation.submit_proposal")
    _check_author(actor, author)
    title, problem = title.strip(), problem.strip()
    if not title or not problem:
        raise ValidationError(gettext("请填写题目和存在的问题"))
    co_authors = [m for m in co_authors if m.pk != author.pk]
    in_scope = set(
        Member.objects.filter(pk__in=[m.pk for m in co_authors]).values_list("pk", flat=True)
    )
    if len(in_scope) != len(co_authors):
        raise ValidationError({"co_authors": gettext("共同建议人须为本工会会员")})
    similar = selectors.similar_proposals(title=title, employer=author.employer, org=author.org)
    if similar and config.get("innovation.require_difference_note") and not difference_note.strip():
        raise ValidationError({"difference_note": gettext("系统发现相似的建议，请说明您的建议有何不同")})
    proposal = Proposal.objects.create(
        org=author.org,
        employer=author.employer,
        number=_next_number(),
        kind=kind,
        title=title,
        problem=problem,
        solution=solution.strip(),
        difference_note=difference_note.strip(),
        expected_benefit=_money(expected_benefit, "expected_benefit"),
        author=author,
        submitted_by=actor,
        similar_hint=similar,
    )
    proposal.co_authors.set(co_authors)
    for upload in files:
        _attach(actor, proposal, upload)
    audit.record(
        actor,
        "innovation.proposal.submit",
        proposal,
        changes=audit.diff({}, audit.snapshot(proposal)),
        extra={"similar": [row["number"] for row in similar]},
    )
    return proposal


def _attach(actor, proposal, upload):
    return ProposalAttachment.objects.create(
        proposal=proposal, file=upload, name=upload.name[:200], uploaded_by=actor
    )


@transaction.atomic
def add_attachment(*, actor, proposal, upload):
    """Add a file to a proposal: its authors or staff who may triage it."""
    proposal = _fresh(proposal)
    authors = selectors.author_users(proposal)
    if actor.pk not in authors:
        require_perm("innovation.triage_proposal")
    attachment = _attach(actor, proposal, upload)
    audit.record(actor, "innovation.proposal.attach", proposal, extra={"file": attachment.name})
    return attachment


def _transition(actor, proposal, name, reason="", **fields):
    before = audit.snapshot(proposal)
    for field, value in fields.items():
        setattr(proposal, field, value)
    proposal.version += 1
    WORKFLOW.apply(proposal, name, actor=actor, reason=reason)
    audit.record(
        actor,
        f"innovation.proposal.{name}",
        proposal,
        changes=audit.diff(before, audit.snapshot(proposal)),
        extra={"reason": reason},
    )
    return proposal


@transaction.atomic
def triage_proposal(*, actor, proposal, department="", reason=""):
    """Accept a proposal with a concrete solution and route it to a department."""
    proposal = _fresh(proposal)
    if not proposal.solution.strip():
        raise ValidationError(gettext("没有具体改进办法的建议只能记为一般意见"))
    return _transition(actor, proposal, "triage", reason, department=department.strip())


@transaction.atomic
def record_as_opinion(*, actor, proposal, reason):
    """No concrete solution: record as a general opinion (never rewarded)."""
    proposal = _fresh(proposal)
    return _transition(actor, proposal, "to_opinion", reason, decision_reason=reason)


@transaction.atomic
def assign_reviewers(*, actor, proposal, reviewers):
    """Assign reviewers with the rubric in force; the first assignment starts the review.

    Refused: a reviewer who cannot see the proposal, or an author/co-author of it."""
    require_perm("innovation.assign_reviewers")
    proposal = _fresh(proposal)
    if proposal.status not in (S.TRIAGED, S.UNDER_REVIEW):
        raise ValidationError(gettext("只有已受理或评审中的建议可以指派评审人"))
    eligible = set(selectors.eligible_reviewers(proposal).values_list("pk", flat=True))
    authors = selectors.author_users(proposal)
    rubric = selectors.rubric_for(proposal.org) or _default_rubric(actor, proposal.org)
    created = []
    for reviewer in reviewers:
        if reviewer.pk not in eligible:
            raise ValidationError({"reviewers": gettext("{reviewer} 无权查看该建议，不能担任评审人").format(reviewer=reviewer)})
        if reviewer.pk in authors:
            raise ValidationError({"reviewers": gettext("{reviewer} 是建议人，须回避").format(reviewer=reviewer)})
        review, new = Review.objects.get_or_create(
            proposal=proposal, reviewer=reviewer, defaults={"rubric": rubric, "assigned_by": actor}
        )
        if new:
            created.append(review)
    if proposal.status == S.TRIAGED:
        _transition(actor, proposal, "start_review")
    audit.record(
        actor,
        "innovation.proposal.assign_reviewers",
        proposal,
        extra={"reviewers": [str(r.reviewer) for r in created], "rubric": rubric.name},
    )
    return created


def _default_rubric(actor, org):
    """Create the default rubric (a setting) at the root of ``org``'s tree."""
    root = org.get_root()
    # Unscoped: the rubric is configuration kept at the root, above the actor's scope.
    rubric = Rubric.unscoped.create(org=root, name="默认评审细则")  # i18n: data
    for i, (name, weight, max_score) in enumerate(config.get("innovation.default_rubric")):
        Criterion.objects.create(
            rubric=rubric, name=name, weight=Decimal(str(weight)), max_score=int(max_score), order=i
        )
    audit.record(actor, "innovation.rubric.create_default", rubric, org=root)
    return rubric


def _own_review(actor, review):
    require_perm("innovation.review_proposal")
    _require_in_scope(review.proposal)
    # Only the assigned reviewer acts on a review.
    if review.reviewer_id != actor.pk:
        raise PermissionDenied(gettext("只能处理指派给本人的评审"))
    review = (
        Review.objects.select_for_update().select_related("proposal", "rubric").get(pk=review.pk)
    )
    if review.proposal.status != S.UNDER_REVIEW:
        raise ValidationError(gettext("该建议不在评审阶段"))
    return review


@transaction.atomic
def recuse(*, actor, review, reason):
    """The reviewer steps aside with a reason; any scores already given stop counting."""
    review = _own_review(actor, review)
    if not reason.strip():
        raise ValidationError({"reason": gettext("请填写回避理由")})
    review.recused = True
    review.recusal_reason = reason.strip()[:200]
    review.save()
    audit.record(actor, "innovation.review.recuse", review.proposal, extra={"reason": reason})
    return review


@transaction.atomic
def submit_review(*, actor, review, scores, comment=""):
    """Score every criterion of the rubric (0 to its maximum); the weighted total is stored.

    Refused: a recused reviewer, or a reviewer who is an author or co-author (must recuse)."""
    review = _own_review(actor, review)
    if review.recused:
        raise ValidationError(gettext("您已回避该建议，不能评分"))
    if actor.pk in selectors.author_users(review.proposal):
        raise PermissionDenied(gettext("建议人本人或共同建议人须回避，不能评分"))
    criteria = list(review.rubric.criteria.all())
    rows = []
    for criterion in criteria:
        value = scores.get(criterion.pk)
        if value is None or value == "":
            raise ValidationError({f"c{criterion.pk}": gettext("请为“{name}”评分").format(name=criterion.name)})
        value = Decimal(str(value))
        if not 0 <= value <= criterion.max_score:
            raise ValidationError(
                {f"c{criterion.pk}": gettext("“{name}”的分数须在 0–{max_score} 之间").format(name=criterion.name, max_score=criterion.max_score)}
            )
        rows.append((criterion, value))
    review.scores.all().delete()
    ReviewScore.objects.bulk_create(
        [ReviewScore(review=review, criterion=c, score=v) for c, v in rows]
    )
    review.total = scoring.rubric_total((c.weight, c.max_score, v) for c, v in rows)
    review.comment = comment.strip()
    review.submitted_at = timezone.now()
    review.save()
    audit.record(
        actor, "innovation.review.submit", review.proposal, extra={"total": str(review.total)}
    )
    return review


@transaction.atomic
def decide(*, actor, proposal, adopt, reason):
    """Adopt or not, with a reason, once enough non-recused reviews are in (a setting)."""
    proposal = _fresh(proposal)
    needed = config.get("innovation.min_reviews", proposal.org)
    have = len(selectors.counting_reviews(proposal))
    if have < needed:
        raise ValidationError(
            gettext("有效评审 {have} 份，少于 {describe}").format(have=have, describe=config.describe('innovation.min_reviews'))
        )
    return _transition(
        actor, proposal, "adopt" if adopt else "reject", reason, decision_reason=reason
    )


@transaction.atomic
def merge(*, actor, proposal, into, reason):
    """Merge a duplicate into another proposal of the same scope."""
    proposal = _fresh(proposal)
    _require_in_scope(into)
    if into.pk == proposal.pk or into.status in (S.MERGED, S.GENERAL_OPINION):
        raise ValidationError({"into": gettext("不能合并到该建议")})
    return _transition(actor, proposal, "merge", reason, merged_into=into, decision_reason=reason)


@transaction.atomic
def start_implementation(*, actor, proposal, owner, due=None, department="", status="", note=""):
    """Adopted → implementing, with the owner, and the progress status and note the person
    chose on the same form (none chosen: not started)."""
    proposal = _fresh(proposal)
    if not owner.strip():
        raise ValidationError({"owner": gettext("请填写实施负责人")})
    return _transition(
        actor,
        proposal,
        "start_implementation",
        impl_owner=owner.strip(),
        impl_due=due,
        impl_status=ImplementationStatus(status or ImplementationStatus.NOT_STARTED),
        impl_note=note.strip(),
        department=department.strip() or proposal.department,
    )


@transaction.atomic
def record_implementation(*, actor, proposal, owner, due=None, status="", note=""):
    """The implementation form: an adopted proposal starts implementation with its owner; one
    already implementing records progress (a blank status keeps the current one)."""
    if proposal.status == ProposalStatus.ADOPTED:
        return start_implementation(
            actor=actor, proposal=proposal, owner=owner, due=due, status=status, note=note
        )
    return update_implementation(
        actor=actor, proposal=proposal, status=status or proposal.impl_status, note=note, due=due
    )


def update_implementation(*, actor, proposal, status, note="", due=None):
    """Progress of an adopted proposal under implementation (no change of workflow state)."""
    require_perm("innovation.manage_implementation")
    proposal = _fresh(proposal)
    if proposal.status != S.IMPLEMENTING:
        raise ValidationError(gettext("该建议不在实施阶段"))
    before = audit.snapshot(proposal)
    proposal.impl_status = ImplementationStatus(status)
    proposal.impl_note = note.strip()
    if due:
        proposal.impl_due = due
    proposal.version += 1
    proposal.save()
    audit.record(
        actor,
        "innovation.proposal.implementation",
        proposal,
        changes=audit.diff(before, audit.snapshot(proposal)),
    )
    return proposal


@transaction.atomic
def update_forecast(*, actor, proposal, expected_benefit):
    """Correct the forecast benefit; refused once the benefit is confirmed (locked)."""
    require_perm("innovation.manage_implementation")
    proposal = _fresh(proposal)
    if proposal.benefit_locked:
        raise ValidationError(gettext("效益已确认锁定，不能修改"))
    before = audit.snapshot(proposal)
    proposal.expected_benefit = _money(expected_benefit, "expected_benefit")
    proposal.version += 1
    proposal.save()
    audit.record(
        actor,
        "innovation.proposal.forecast",
        proposal,
        changes=audit.diff(before, audit.snapshot(proposal)),
    )
    return proposal


@transaction.atomic
def confirm_benefit(*, actor, proposal, actual_benefit, basis):
    """Confirm the actual yearly benefit; from now on it is locked."""
    proposal = _fresh(proposal)
    if proposal.benefit_locked:
        raise ValidationError(gettext("效益已确认锁定，不能修改"))
    if not basis.strip():
        raise ValidationError({"basis": gettext("请填写效益测算依据")})
    return _transition(
        actor,
        proposal,
        "confirm_benefit",
        actual_benefit=_money(actual_benefit, "actual_benefit"),
        benefit_basis=basis.strip(),
        benefit_confirmed_by=actor,
        benefit_confirmed_at=timezone.now(),
    )


@transaction.atomic
def approve_reward(*, actor, proposal, amount=None):
    """Approve the reward from the band of the confirmed benefit: ``amount`` (default the band's
    suggestion) must lie within the band, and the band used is recorded with the proposal."""
    proposal = _fresh(proposal)
    band, suggested = selectors.reward_for(proposal.actual_benefit or 0)
    if band is None:
        raise ValidationError(gettext("该效益不在奖励档次表内"))
    amount = suggested if amount in (None, "") else _money(amount, "amount")
    if not band.reward_min <= amount <= band.reward_max:
        raise ValidationError({"amount": gettext("奖励金额须在本档次范围内：{describe}").format(describe=band.describe())})
    return _transition(
        actor,
        proposal,
        "approve_reward",
        reward_amount=amount,
        reward_band=band.describe()[:200],
        reward_approved_by=actor,
    )


@transaction.atomic
def record_payment(*, actor, proposal, paid_on, reference=""):
    proposal = _fresh(proposal)
    return _transition(actor, proposal, "pay", paid_on=paid_on, payment_reference=reference.strip())


@transaction.atomic
def add_milestone(*, actor, proposal, title, due=None):
    """A milestone of a key-problem project or an implementation."""
    require_perm("innovation.manage_implementation")
    proposal = _fresh(proposal)
    milestone = Milestone.objects.create(proposal=proposal, title=title.strip(), due=due)
    audit.record(actor, "innovation.milestone.add", proposal, extra={"title": title})
    return milestone


@transaction.atomic
def complete_milestone(*, actor, milestone, done_on, result=""):
    require_perm("innovation.manage_implementation")
    _require_in_scope(milestone.proposal)
    milestone.done_on = done_on
    milestone.result = result.strip()
    milestone.save()
    audit.record(
        actor, "innovation.milestone.complete", milestone.proposal, extra={"title": milestone.title}
    )
    return milestone


@transaction.atomic
def create_rubric(*, actor, org, name, criteria):
    """A rubric for ``org``'s subtree: ``criteria`` are (name, weight, max score)."""
    require_perm("innovation.manage_rubric")
    if not org_in_scope(org):
        raise Http404
    if not criteria:
        raise ValidationError(gettext("至少需要一个评审项"))
    Rubric.objects.filter(org=org, is_active=True).update(is_active=False)
    rubric = Rubric.objects.create(org=org, name=name.strip())
    for i, (cname, weight, max_score) in enumerate(criteria):
        if Decimal(str(weight)) <= 0 or int(max_score) <= 0:
            raise ValidationError(gettext("权重和满分须大于 0"))
        Criterion.objects.create(
            rubric=rubric,
            name=cname.strip(),
            weight=Decimal(str(weight)),
            max_score=int(max_score),
            order=i,
        )
    audit.record(
        actor,
        "innovation.rubric.create",
        rubric,
        extra={"criteria": [[c, str(w), int(m)] for c, w, m in criteria]},
    )
    return rubric


@transaction.atomic
def set_reward_bands(*, actor, rows):
    """Replace the district's reward table: rows of (min benefit, reward min, reward max, label).
    Rewards already approved keep the band text recorded with them."""
    require_perm("innovation.manage_bands")
    if not rows:
        raise ValidationError(gettext("奖励档次表不能为空"))
    mins = [Decimal(str(r[0])) for r in rows]
    if len(set(mins)) != len(mins):
        raise ValidationError(gettext("年效益下限不能重复"))
    before = [str(b) for b in RewardBand.objects.all()]
    RewardBand.objects.all().delete()
    for low, rmin, rmax, label in rows:
        if Decimal(str(rmax)) < Decimal(str(rmin)) or Decimal(str(rmin)) < 0:
            raise ValidationError(gettext("奖励上限不能低于下限，且不能为负数"))
        RewardBand.objects.create(min_benefit=low, reward_min=rmin, reward_max=rmax, label=label)
    audit.record(
        actor,
        "innovation.bands.update",
        None,
        extra={"before": before, "after": [str(r) for r in rows]},
    )
