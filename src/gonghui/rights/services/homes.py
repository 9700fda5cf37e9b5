"""Workers'-home ratings (职工之家): the union assesses itself against the district checklist,
an upper union reviews, and the level and its validity follow from the settings."""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from gonghui.core import audit, config
from gonghui.core.scoping import current_scope, org_in_scope, require_perm
from gonghui.core.workflow import Transition, Workflow
from gonghui.orgs.models import GRASSROOTS_KINDS

from ..enums import HomeRatingStatus as S
from ..models import HomeCriterion, HomeRating, HomeScore


def _upper_union_only(rating, actor):
    # Review belongs to an upper union: the reviewer's org must lie strictly above the rated one.
    scope = current_scope(required=False)
    if scope is None or scope.org_path == rating.org.path:
        return _("职工之家须由上级工会审核，不能自评自审")
    return None


HOME_FLOW = Workflow(
    state_field="status",
    transitions=[
        Transition(
            "submit",
            (S.DRAFT, S.RETURNED),
            S.SUBMITTED,
            "rights.assess_home",
            gettext_lazy("提交审核"),
        ),
        Transition(
            "review",
            (S.SUBMITTED,),
            S.REVIEWED,
            "rights.review_home",
            gettext_lazy("评定"),
            guard=_upper_union_only,
        ),
        Transition(
            "return",
            (S.SUBMITTED,),
            S.RETURNED,
            "rights.review_home",
            gettext_lazy("退回"),
            needs_reason=True,
            guard=_upper_union_only,
        ),
    ],
)


def level_for(percent, org=None):
    """(level, the rule as data: ``config.snapshot``) for a review score given as a percentage
    of the checklist's total."""
    levels = sorted(config.get("rights.home_levels", org), key=lambda x: -x["min"])
    rule = config.snapshot("rights.home_levels", org)
    for band in levels:
        if percent >= band["min"]:
            return band["level"], rule
    return "", rule


def can_assess(rating):
    """Whether the union may still edit its self-assessment (draft or returned)."""
    return rating.status in (S.DRAFT, S.RETURNED)


def can_review(rating):
    """Whether the rating waits for the upper union's review."""
    return rating.status == S.SUBMITTED


@transaction.atomic
def save_home_criterion(*, actor, code, title, max_score, order):
    """Add or change one item of the district's workers'-home checklist (active again if it was
    retired). Effects: the criterion, an audit event."""
    require_perm("rights.manage_home_criteria")
    criterion, created = HomeCriterion.objects.update_or_create(
        code=code,
        defaults={"title": title, "max_score": max_score, "order": order, "is_active": True},
    )
    audit.record(actor, "rights.home.criterion", None, extra={"code": code, "created": created})
    return criterion


def _locked(rating):
    try:
        return HomeRating.objects.select_for_update().select_related("org").get(pk=rating.pk)
    except HomeRating.DoesNotExist:
        raise Http404 from None


@transaction.atomic
def start_home_rating(*, actor, org, year):
    """Open this year's self-assessment for a grassroots union, one line per active criterion."""
    require_perm("rights.assess_home")
    if not org_in_scope(org):
        raise Http404
    if org.kind not in GRASSROOTS_KINDS:
        raise ValidationError({"org": _("只有基层工会参加职工之家评定")})
    if HomeRating.unscoped.filter(
        org=org, year=year
    ).exists():  # unscoped: one rating per org and year (uniqueness check)
        raise ValidationError({"year": _("{year} 年的评定已存在").format(year=year)})
    rating = HomeRating.objects.create(org=org, year=year)
    HomeScore.objects.bulk_create(
        [
            HomeScore(rating=rating, criterion=c)
            for c in HomeCriterion.objects.filter(is_active=True)
        ]
    )
    audit.record(actor, "rights.home.start", rating, extra={"year": year})
    return rating


def _scores(rating, values, field):
    """Set ``field`` on each score from ``values`` {criterion_id: points}; checks the maximum."""
    total = 0
    for score in rating.scores.select_related("criterion"):
        points = int(values.get(score.criterion_id, 0) or 0)
        if points < 0 or points > score.criterion.max_score:
            raise ValidationError(
                _("“{title}”得分须在 0 至 {max_score} 分之间").format(
                    title=score.criterion.title, max_score=score.criterion.max_score
                )
            )
        setattr(score, field, points)
        score.save(update_fields=[field])
        total += points
    return total


@transaction.atomic
def save_self_assessment(*, actor, rating, values):
    require_perm("rights.assess_home")
    rating = _locked(rating)
    if not can_assess(rating):
        raise ValidationError(_("已提交的自评不能修改"))
    rating.self_total = _scores(rating, values, "self_score")
    rating.save(update_fields=["self_total"])
    audit.record(actor, "rights.home.assess", rating, extra={"self_total": rating.self_total})
    return rating


@transaction.atomic
def submit_home_rating(*, actor, rating):
    rating = _locked(rating)
    HOME_FLOW.apply(rating, "submit", actor=actor)
    audit.record(actor, "rights.home.submit", rating)
    return rating


@transaction.atomic
def review_home_rating(*, actor, rating, values, note="", today=None):
    """The upper union's scores decide the level (``rights.home_levels``) and the validity
    (``rights.home_validity_years`` from the review date)."""
    rating = _locked(rating)
    # The workflow's own checks before the scores are read.
    HOME_FLOW.check(rating, "review", actor=actor)
    total = _scores(rating, values, "review_score")
    maximum = sum(s.criterion.max_score for s in rating.scores.select_related("criterion")) or 1
    rating.review_total = total
    rating.level, levels_rule = level_for(total * 100 / maximum, rating.org)
    today = today or timezone.localdate()
    years = config.get("rights.home_validity_years", rating.org)
    rating.valid_until = _add_years(today, years)
    rating.level_basis = [
        levels_rule,
        config.snapshot("rights.home_validity_years", rating.org),
    ]
    rating.reviewed_by = actor
    rating.reviewed_at = timezone.now()
    rating.review_note = note
    HOME_FLOW.apply(rating, "review", actor=actor)
    audit.record(
        actor, "rights.home.review", rating, extra={"review_total": total, "level": rating.level}
    )
    return rating


@transaction.atomic
def return_home_rating(*, actor, rating, reason):
    rating = _locked(rating)
    rating.review_note = reason
    HOME_FLOW.apply(rating, "return", actor=actor, reason=reason)
    audit.record(actor, "rights.home.return", rating)
    return rating


def _add_years(day, years):
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28) + datetime.timedelta(days=1)
