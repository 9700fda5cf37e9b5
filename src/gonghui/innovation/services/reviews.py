"""Reviewers, their scores and recusals, and the rubrics they score by."""

from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext

from gonghui.core import audit, config
from gonghui.core.scoping import org_in_scope, require_perm

from .. import scoring, selectors
from ..models import (
    Criterion,
    Review,
    ReviewScore,
    Rubric,
)
from ._common import S, _fresh, _require_in_scope, _transition


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
            raise ValidationError(
                {
                    "reviewers": gettext("{reviewer} 无权查看该建议，不能担任评审人").format(
                        reviewer=reviewer
                    )
                }
            )
        if reviewer.pk in authors:
            raise ValidationError(
                {"reviewers": gettext("{reviewer} 是建议人，须回避").format(reviewer=reviewer)}
            )
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
            raise ValidationError(
                {f"c{criterion.pk}": gettext("请为“{name}”评分").format(name=criterion.name)}
            )
        value = Decimal(str(value))
        if not 0 <= value <= criterion.max_score:
            raise ValidationError(
                {
                    f"c{criterion.pk}": gettext("“{name}”的分数须在 0–{max_score} 之间").format(
                        name=criterion.name, max_score=criterion.max_score
                    )
                }
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
