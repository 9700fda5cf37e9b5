"""Scoped reads of honours: rounds, nominations, the quota panel, scorecards and ranking, the
public notice and the honours history of a person or a unit."""

from django.db.models import Count, Exists, OuterRef, Prefetch, Q
from django.utils.translation import gettext as _

from gonghui.core.scoping import current_scope, org_in_scope, scopes_disabled, subtree_q

from . import quotas, scoring
from .models import (
    ACTIVE_STATUSES,
    AwardRound,
    AwardType,
    Criterion,
    Judge,
    Nomination,
    NominationStatus,
    Objection,
    ObjectionStatus,
)


def award_types_visible():
    """Award types organised in the scope's subtree or by one of its ancestors (those a union
    nominates for)."""
    return AwardType.objects.select_related("org")


def award_types_manageable():
    """Award types the active role may edit: organised in its subtree (a street does not edit
    the district's awards)."""
    scope = current_scope()
    if not scope.has_perm("honours.manage_award_type"):
        return AwardType.objects.none()
    return award_types_visible().filter(subtree_q(scope.org_path))


def can_manage_award_type(award_type):
    scope = current_scope(required=False)
    return (
        scope is not None
        and scope.has_perm("honours.manage_award_type")
        and org_in_scope(award_type.org)
    )


def rounds_in_scope():
    """Rounds organised in the scope's subtree or by one of its ancestors."""
    return AwardRound.objects.select_related("org", "award_type")


def with_stage(rounds):
    """``rounds`` annotated for ``AwardRound.stage`` without a query a row: whether any of a
    round's nominations is in public notice (any union's: the stage is the round's)."""
    in_notice = Nomination.unscoped.filter(round=OuterRef("pk"), status=NominationStatus.IN_NOTICE)
    return rounds.annotate(has_notice=Exists(in_notice))


def can_manage(round_):
    """The active role may manage ``round_``: it holds the permission and the organiser lies in
    its subtree (a union sees its district's rounds but does not run them)."""
    scope = current_scope(required=False)
    return scope is not None and scope.has_perm("honours.manage_round") and org_in_scope(round_.org)


def can_see_ranking(round_, user):
    """Rankings are for the organiser's side and the round's judges; a nominating union sees its
    own nominees' scores on their pages but not a ranking against nominees it cannot see."""
    return can_manage(round_) or judge_of(round_, user) is not None


def nominations_in_scope():
    """Nominations made by unions in the scope's subtree."""
    return Nomination.objects.select_related(
        "round__award_type", "round__org", "org", "member", "employer", "street_org"
    )


def nominations_of_round(round_):
    return nominations_in_scope().filter(round=round_).order_by("id")


def quota_panel(round_, *, extra=None, without=None, statuses=ACTIVE_STATUSES):
    """The round's quota panel over *all* its active nominations (aggregate counts only, so
    unions see where the round stands without seeing other unions' nominees).

    ``extra`` = (is_frontline, is_head) projects one more nominee (the form's live preview);
    ``without`` leaves one nomination out (a swap)."""
    # Aggregates across unions: the counts are not scoped, the names are never shown.
    # unscoped: counts across all unions of the round (quota), no row shown
    qs = Nomination.unscoped.filter(round=round_, status__in=statuses)
    if without is not None:
        qs = qs.exclude(pk=without.pk)
    counts = qs.aggregate(
        total=Count("id"),
        frontline=Count("id", filter=Q(is_frontline=True)),
        heads=Count("id", filter=Q(is_enterprise_head=True)),
    )
    total, frontline, heads = counts["total"], counts["frontline"], counts["heads"]
    if extra is not None:
        total += 1
        frontline += int(bool(extra[0]))
        heads += int(bool(extra[1]))
    return quotas.panel(
        total=total,
        frontline=frontline,
        heads=heads,
        places=round_.quota,
        min_frontline_pct=round_.min_frontline_pct,
        max_heads_pct=round_.max_heads_pct,
        person_quotas=round_.has_person_quotas,
    )


def judge_of(round_, user):
    return Judge.objects.filter(round=round_, user=user).first()


def ranking(round_):
    """Ranked rows of the round's nominations in scope (not withdrawn): total, rank, judges
    counted and judges recused. Bounded queries: nominations, criteria, judges, prefetches."""
    criteria = list(Criterion.objects.filter(round=round_))
    judges = {j.id: j for j in Judge.objects.filter(round=round_).select_related("user")}
    nominations = (
        nominations_of_round(round_)
        .exclude(status=NominationStatus.WITHDRAWN)
        .prefetch_related("scores", "recusals")
    )
    rows = []
    for nomination in nominations:
        recused = {r.judge_id for r in nomination.recusals.all()}
        by_judge = {}
        for score in nomination.scores.all():
            by_judge.setdefault(score.judge_id, {})[score.criterion_id] = score.value
        totals = {
            judge_id: scoring.judge_total(values, criteria)
            for judge_id, values in by_judge.items()
            if judge_id not in recused
        }
        counted = [t for t in totals.values() if t is not None]
        payload = {
            "nomination": nomination,
            "judges_counted": len(counted),
            "judges_recused": [judges[j] for j in recused if j in judges],
        }
        rows.append((nomination.nominee_name, scoring.nomination_total(counted), payload))
    return scoring.rank(rows)


def scorecard(round_, nomination):
    """Per judge: their scores by criterion, total, and whether they are recused."""
    criteria = list(Criterion.objects.filter(round=round_))
    recusals = {r.judge_id: r for r in nomination.recusals.all()}
    scores = {}
    for s in nomination.scores.all():
        scores.setdefault(s.judge_id, {})[s.criterion_id] = s.value
    lines = []
    for judge in Judge.objects.filter(round=round_).select_related("user", "employer"):
        values = scores.get(judge.id, {})
        lines.append(
            {
                "judge": judge,
                "values": [values.get(c.id) for c in criteria],
                "total": scoring.judge_total(values, criteria),
                "recusal": recusals.get(judge.id),
            }
        )
    return criteria, lines


def awaiting_my_scores(user):
    """Nominations under review in rounds where ``user`` judges, not yet scored by them and not
    recused from."""
    return (
        nominations_in_scope()
        .filter(status=NominationStatus.UNDER_REVIEW, round__judges__user=user)
        .exclude(scores__judge__user=user)
        .exclude(recusals__judge__user=user)
        .distinct()
    )


def review_queue():
    """Nominations waiting for the active role's level: at the street stage of the scope's own
    street union, or at the organiser's stage of rounds organised in its subtree."""
    scope = current_scope()
    if not scope.has_perm("honours.review_nomination"):
        return nominations_in_scope().none()
    street = Q(status=NominationStatus.NOMINATED, street_org_id=scope.org_id)
    organiser = Q(
        status__in=(NominationStatus.RECOMMENDED, NominationStatus.UNDER_REVIEW)
    ) & subtree_q(scope.org_path, "round__org__path")
    return (
        nominations_in_scope()
        .select_related("round__org", "street_org")
        .filter(street | organiser)
        .order_by("round_id", "id")
    )


STEP_DONE, STEP_CURRENT, STEP_WAITING, STEP_SKIPPED, STEP_STOPPED = (
    "done",
    "current",
    "waiting",
    "skipped",
    "stopped",
)


def chain(nomination):
    """The steps of a nomination's way (推荐 → 街道审核 → 区级评审 → 公示 → 授予) with where it
    stands: done, current, waiting, skipped (no street stage) or stopped."""
    S = NominationStatus
    order = [S.NOMINATED, S.RECOMMENDED, S.UNDER_REVIEW, S.APPROVED, S.IN_NOTICE, S.AWARDED]
    level = nomination.round.level_label
    street = (
        _("街道审核（{name}）").format(name=nomination.street_org.name)
        if nomination.street_org_id
        else _("街道审核")
    )
    steps = [
        ("nominate", _("推荐（{name}）").format(name=nomination.org.name)),
        ("street", street),
        (
            "organiser",
            _("{level}评审（{name}）").format(level=level, name=nomination.round.org.name),
        ),
        ("notice", _("公示")),
        ("award", _("授予")),
    ]
    status = nomination.status
    stopped = status in (S.RETURNED, S.REJECTED, S.WITHDRAWN, S.NOT_AWARDED)
    if status in order:
        position = order.index(status)
    else:  # stopped: where did it stop?
        position = None
    result = []
    for key, label in steps:
        if key == "nominate":
            mark = STEP_DONE
        elif key == "street" and not nomination.street_org_id:
            mark = STEP_SKIPPED
        elif position is None:
            mark = STEP_WAITING
        else:
            # the statuses (positions in ``order``) during which the step is the current one
            first, last = {
                "street": (0, 0),
                "organiser": (1, 2),
                "notice": (3, 4),
                "award": (5, 5),
            }[key]
            if key == "award" and status == S.AWARDED:
                mark = STEP_DONE
            elif position > last:
                mark = STEP_DONE
            elif first <= position <= last:
                mark = STEP_CURRENT
            else:
                mark = STEP_WAITING
        result.append({"key": key, "label": label, "mark": mark})
    if stopped:
        result.append(
            {"key": "stopped", "label": NominationStatus(status).label, "mark": STEP_STOPPED}
        )
    return result


def open_objections():
    return Objection.objects.filter(status=ObjectionStatus.OPEN)


# --- public notice (no login) ------------------------------------------------------------------


def public_rounds():
    """Rounds with nominations in public notice: only what the notice shows."""
    with scopes_disabled():
        return list(
            # unscoped: public page, read by its key only
            AwardRound.unscoped.filter(nominations__status=NominationStatus.IN_NOTICE)
            .select_related("org")
            .distinct()
            .order_by("-year", "-id")
        )


def public_notice(public_key):
    """(round, entries) for the public page: name, unit, deeds and the notice dates only."""
    with scopes_disabled():
        # unscoped: public page, read by its key only
        round_ = AwardRound.unscoped.select_related("org").filter(public_key=public_key).first()
        if round_ is None:
            return None, []
        entries = list(
            # unscoped: public page, read by its key only
            Nomination.unscoped.filter(round=round_, status=NominationStatus.IN_NOTICE)
            .order_by("id")
            .values("id", "nominee_name", "unit_name", "deeds", "notice_start", "notice_end")
        )
    return round_, entries


# --- history -----------------------------------------------------------------------------------


def history_of_member(member):
    return (
        nominations_in_scope()
        .filter(member=member)
        .exclude(status=NominationStatus.WITHDRAWN)
        .order_by("-round__year", "-id")
    )


def history_of_employer(employer):
    return (
        nominations_in_scope()
        .filter(Q(employer=employer) | Q(member__employer=employer))
        .exclude(status=NominationStatus.WITHDRAWN)
        .order_by("-round__year", "-id")
    )


def history_of_org(org):
    return (
        nominations_in_scope()
        .filter(nominee_org=org)
        .exclude(status=NominationStatus.WITHDRAWN)
        .order_by("-round__year", "-id")
    )


def honours_of_user(user):
    """The nominations of the member linked to ``user`` (not withdrawn)."""
    return (
        nominations_in_scope()
        .select_related("round__org")
        .filter(member__user=user)
        .exclude(status=NominationStatus.WITHDRAWN)
        .order_by("-round__year", "-id")
    )


def with_documents(qs):
    from .models import NominationDocument

    return qs.prefetch_related(Prefetch("documents", queryset=NominationDocument.objects.all()))


def can_start_review(nominations):
    """The organiser may start the review once a nomination waits for it (recommended)."""
    return any(n.status == NominationStatus.RECOMMENDED for n in nominations)
