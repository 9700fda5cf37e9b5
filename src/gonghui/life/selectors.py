"""Scoped reads of union life, and what a member sees (for the member pages and the portal)."""

from collections import Counter, defaultdict
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Count, Exists, OuterRef, Q, Sum
from django.utils import timezone

from gonghui.core.scoping import current_scope
from gonghui.orgs.models import Org

from .eligibility import reach_q, reasons_not_eligible
from .enums import (
    ActivityStatus,
    Audience,
    Eligibility,
    NoticeStatus,
    QuestionKind,
    SignupStatus,
    SurveyStatus,
)
from .members import org_and_ancestor_paths
from .models import (
    Activity,
    Answer,
    Enrolment,
    Notice,
    NoticeMemberRead,
    NoticeReceipt,
    Participation,
    Question,
    Signup,
    Survey,
)

# --- Notices ----------------------------------------------------------------------------------


def _current(qs, today):
    return qs.filter(status=NoticeStatus.PUBLISHED).filter(
        Q(expires_on__isnull=True) | Q(expires_on__gte=today)
    )


def notices_for_staff(*, include_expired=False, today=None):
    """Notices the scope sent (any state) and published ones addressed to it (staff audiences)."""
    scope = current_scope()
    today = today or timezone.localdate()
    sent = Q(org__path__startswith=scope.org_path)
    received = Q(status=NoticeStatus.PUBLISHED) & ~Q(audience=Audience.MEMBERS)
    qs = Notice.objects.filter(sent | received).select_related("org")
    if not include_expired:
        qs = qs.filter(Q(expires_on__isnull=True) | Q(expires_on__gte=today) | sent)
    return qs.annotate(
        own_pending=Exists(
            # unscoped: the scope's own union's row
            NoticeReceipt.unscoped.filter(
                notice=OuterRef("pk"), org_id=scope.org_id, responded_at__isnull=True
            )
        )
    )


def notices_for_member(member, *, today=None):
    """Published, unexpired notices for members that reached the member's union: addressed to
    it or to one of its ancestors. Pinned first, newest next."""
    today = today or timezone.localdate()
    paths = org_and_ancestor_paths(member.org_path)
    # unscoped: what reaches the member (sent down from above), filtered by reach
    reached = NoticeReceipt.unscoped.filter(org__path__in=paths).values("notice_id")
    return (
        # unscoped: what reaches the member (sent down from above), filtered by reach
        _current(Notice.unscoped.all(), today)
        .filter(pk__in=reached, audience__in=(Audience.ALL, Audience.MEMBERS))
        .select_related("org")
    )


def public_notices(org, *, today=None):
    """Notices marked public that reached ``org`` or were sent by it (for the public page)."""
    today = today or timezone.localdate()
    paths = org_and_ancestor_paths(org.path)
    # unscoped: public page: notices marked public that reached the union
    reached = NoticeReceipt.unscoped.filter(org__path__in=paths).values("notice_id")
    return (
        # unscoped: public page: notices marked public that reached the union
        _current(Notice.unscoped.filter(is_public=True), today)
        .filter(Q(pk__in=reached) | Q(org=org))
        .select_related("org")
    )


def receipt_rollup(notice):
    """Per addressed union in the scope: read, responded, late; and per branch just below the
    scope's union, the totals (the roll-up). Member reads are counted per union."""
    scope = current_scope()
    receipts = list(
        NoticeReceipt.objects.filter(notice=notice).select_related("org", "responded_by")
    )
    member_reads = dict(
        NoticeMemberRead.objects.filter(notice=notice).values_list("org_id").annotate(n=Count("id"))
    )
    for r in receipts:
        r.member_reads = member_reads.get(r.org_id, 0)
        r.late = bool(notice.due_on and r.responded_at and r.responded_at.date() > notice.due_on)
    depth = len(scope.org_path) + 4
    branches = defaultdict(lambda: {"total": 0, "read": 0, "responded": 0, "member_reads": 0})
    for r in receipts:
        key = r.org.path[:depth] if len(r.org.path) >= depth else r.org.path
        row = branches[key]
        row["total"] += 1
        row["read"] += r.read_at is not None
        row["responded"] += r.responded_at is not None
        row["member_reads"] += r.member_reads
    names = dict(Org.objects.filter(path__in=branches).values_list("path", "name"))
    rollup = [{"name": names.get(k, ""), **v} for k, v in sorted(branches.items())]
    return receipts, rollup


def own_receipt(notice):
    # unscoped: the scope's own union's row
    return NoticeReceipt.unscoped.filter(notice=notice, org_id=current_scope().org_id).first()


# --- Activities -------------------------------------------------------------------------------


def activities_for_staff():
    return (
        Activity.objects.select_related("org")
        .annotate(
            confirmed=Count("signups", filter=Q(signups__status=SignupStatus.CONFIRMED)),
            waiting=Count("signups", filter=Q(signups__status=SignupStatus.WAITLISTED)),
            checked_in=Count("signups", filter=Q(signups__checked_in_at__isnull=False)),
        )
        .order_by("-starts_at", "-id")
    )


def _eligible_q(member):
    paths = org_and_ancestor_paths(member.org_path)
    return Q(eligibility=Eligibility.SUBTREE, org__path__in=paths) | Q(
        eligibility=Eligibility.UNION, org_id=member.org_id
    )


def activities_open_to(member, *, now=None):
    """Activities open now (before the deadline) whose reach includes the member, soonest first
    (the member's page says when a sign-up condition is not met)."""
    now = now or timezone.now()
    return (
        # unscoped: what reaches the member (sent down from above), filtered by reach
        Activity.unscoped.filter(reach_q(member))
        .filter(status=ActivityStatus.OPEN, signup_deadline__gte=now)
        .select_related("org")
        .order_by("starts_at", "id")
    )


def member_activity_state(activity, member, now=None):
    """The member's activity page: their sign-up, why they may not sign up, their place on the
    waiting list, the places taken, and whether they may sign up or cancel now."""
    now = now or timezone.now()
    # unscoped: the member's own sign-up, wherever the activity was organised
    signup = Signup.unscoped.filter(activity=activity, member=member).first()
    reasons = reasons_not_eligible(activity, member)
    free = signup is None or signup.status == SignupStatus.CANCELLED
    return {
        "signup": signup,
        "reasons": reasons if free else [],
        "position": waiting_position(signup)
        if signup and signup.status == SignupStatus.WAITLISTED
        else None,
        # unscoped: places taken across all unions the activity reached
        "confirmed": Signup.unscoped.filter(
            activity=activity, status=SignupStatus.CONFIRMED
        ).count(),
        "can_sign_up": free and activity.signup_deadline >= now and not reasons,
        "can_cancel": not free and signup.checked_in_at is None and activity.cancel_cutoff >= now,
    }


def activities_of_member(member):
    """Every activity visible to the member (open or past) with their sign-up, newest first."""
    # unscoped: the member's own rows, wherever the activity/course was organised
    signups = {s.activity_id: s for s in Signup.unscoped.filter(member=member)}
    activities = list(
        # unscoped: what reaches the member (sent down from above), filtered by reach
        Activity.unscoped.filter(Q(reach_q(member)) | Q(pk__in=list(signups)))
        .select_related("org")
        .order_by("-starts_at", "-id")[:100]
    )
    for a in activities:
        a.my_signup = signups.get(a.pk)
    return activities


def waiting_position(signup):
    """1 for the first in the queue."""
    return (
        # unscoped: the waiting list across all unions the activity reached
        Signup.unscoped.filter(activity_id=signup.activity_id, status=SignupStatus.WAITLISTED)
        .filter(Q(signed_at__lt=signup.signed_at) | Q(signed_at=signup.signed_at, id__lt=signup.id))
        .count()
        + 1
    )


def signups_of(activity):
    """The organiser's list: confirmed first, then the queue, then cancellations."""
    order = {SignupStatus.CONFIRMED: 0, SignupStatus.WAITLISTED: 1, SignupStatus.CANCELLED: 2}
    rows = list(Signup.objects.filter(activity=activity).select_related("member", "org"))
    return sorted(rows, key=lambda s: (order[s.status], s.signed_at, s.id))


def participation_rollup(activity):
    """Per union of the scope: confirmed sign-ups, check-ins and hours credited."""
    rows = (
        Signup.objects.filter(activity=activity)
        .values("org__name", "org__path")
        .annotate(
            confirmed=Count("id", filter=Q(status=SignupStatus.CONFIRMED)),
            waiting=Count("id", filter=Q(status=SignupStatus.WAITLISTED)),
            checked_in=Count("id", filter=Q(checked_in_at__isnull=False)),
            hours=Sum("hours"),
        )
        .order_by("org__path")
    )
    return [{**r, "hours": _hours(r["hours"])} for r in rows]


def _hours(value):
    return Decimal(value or 0).quantize(Decimal("0.1"), ROUND_HALF_UP)


def member_hours(member):
    """The member's credited activity hours (Decimal) and the activities they attended."""
    # unscoped: the member's own rows, wherever the activity/course was organised
    attended = Signup.unscoped.filter(member=member, checked_in_at__isnull=False)
    return _hours(attended.aggregate(total=Sum("hours"))["total"])


# --- Surveys ----------------------------------------------------------------------------------


def surveys_for_staff():
    return (
        Survey.objects.select_related("org")
        .annotate(answered=Count("participations"))
        .order_by("-created_at", "-id")
    )


def surveys_open_to(member, *, today=None):
    """Open surveys aimed at the member that they have not answered yet."""
    today = today or timezone.localdate()
    # unscoped: the member's own rows, wherever the activity/course was organised
    done = Participation.unscoped.filter(member=member).values("survey_id")
    return (
        # unscoped: what reaches the member (sent down from above), filtered by reach
        Survey.unscoped.filter(_eligible_q(member))
        .filter(status=SurveyStatus.OPEN, closes_on__gte=today)
        .exclude(pk__in=done)
        .select_related("org")
        .order_by("closes_on", "id")
    )


def has_answered(survey, member):
    # unscoped: the member's own rows, wherever the activity/course was organised
    return Participation.unscoped.filter(survey=survey, member=member).exists()


def _percent(part, whole):
    if not whole:
        return Decimal("0.0")
    return (Decimal(part) * 100 / Decimal(whole)).quantize(Decimal("0.1"), ROUND_HALF_UP)


def survey_results(survey):
    """Per question: choice counts with shares, the scale's distribution and mean, or the free
    texts (in random order). Answers of the scope only (all of them for the organiser)."""
    total = Participation.objects.filter(survey=survey).count()
    answers = defaultdict(list)
    for a in Answer.objects.filter(response__survey=survey).order_by("id"):
        answers[a.question_id].append(a)
    results = []
    # unscoped: rows of a parent the caller found in scope
    for q in Question.unscoped.filter(survey=survey):
        given = answers.get(q.pk, [])
        item = {"question": q, "answered": len(given)}
        if q.kind in (QuestionKind.SINGLE, QuestionKind.MULTI):
            counts = Counter(i for a in given for i in a.picks)
            item["rows"] = [
                {
                    "label": c,
                    "count": counts.get(i, 0),
                    "percent": _percent(counts.get(i, 0), len(given)),
                }
                for i, c in enumerate(q.choices)
            ]
        elif q.kind == QuestionKind.SCALE:
            counts = Counter(a.score for a in given)
            item["rows"] = [
                {
                    "label": str(s),
                    "count": counts.get(s, 0),
                    "percent": _percent(counts.get(s, 0), len(given)),
                }
                for s in range(1, q.scale_max + 1)
            ]
            mean = sum(a.score for a in given) / Decimal(len(given)) if given else Decimal("0")
            item["mean"] = Decimal(mean).quantize(Decimal("0.01"), ROUND_HALF_UP)
        else:
            item["texts"] = [a.text for a in given]
        results.append(item)
    return total, results


def chart_option(item):
    """An ECharts bar chart option of one question's counts (``data-option`` on the page)."""
    return {
        "grid": {"left": 8, "right": 16, "top": 8, "bottom": 8, "containLabel": True},
        "xAxis": {"type": "value", "minInterval": 1},
        "yAxis": {"type": "category", "inverse": True, "data": [r["label"] for r in item["rows"]]},
        "series": [{"type": "bar", "data": [r["count"] for r in item["rows"]],
                    "label": {"show": True, "position": "right"}}],
        "tooltip": {},
    }  # fmt: skip


# --- The public page --------------------------------------------------------------------------


def public_union(code):
    """What the public page of the union ``code`` shows (active unions only), or ``None``.
    Called with scopes disabled: everything returned here is public by nature."""
    from gonghui.orgs.models import Official, OrgStatus

    from .models import UnionProfile

    org = Org.objects.filter(code=code, status=OrgStatus.ACTIVE).first()
    if org is None:
        return None
    officials = (
        # unscoped: the union page names its officials (public profile)
        Official.unscoped.filter(org=org, term__is_current=True, end_date__isnull=True)
        .order_by("position", "name")
        .only("name", "position")
    )
    return {
        "org": org,
        # unscoped: the union page's profile (public)
        "profile": UnionProfile.unscoped.filter(org=org).first(),
        "officials": list(officials),
        "notices": list(public_notices(org)[:20]),
    }


# --- Participation rates ----------------------------------------------------------------------


def participation_rates(target, counts, *, columns, depth_below=2):
    """Per union of the scope, rolled up the tree: the members the activity or course is open
    to (reach and filters) and the ``counts`` (``{org_id: {column: n}}``), with each column as a
    percentage of those members. A union's row includes its whole subtree. Rows are in tree
    order, down to ``depth_below`` levels under the scope's union (all levels with ``None``)."""
    from gonghui.members.models import KEEPS_MEMBERSHIP, Member

    from .eligibility import members_q

    scope = current_scope()
    eligible = dict(
        Member.objects.filter(members_q(target), status__in=KEEPS_MEMBERSHIP)
        .values_list("org_id")
        .annotate(n=Count("id"))
    )
    own = {org_id: {"eligible": n} for org_id, n in eligible.items()}
    for org_id, row in counts.items():
        own.setdefault(org_id, {"eligible": 0}).update(row)
    paths = dict(Org.objects.filter(pk__in=list(own)).values_list("pk", "path"))
    totals = defaultdict(lambda: dict.fromkeys(("eligible", *columns), 0))
    top = len(scope.org_path)
    for org_id, row in own.items():
        path = paths.get(org_id, "")
        for end in range(top, len(path) + 1, 4):  # the org and its ancestors inside the scope
            for key in ("eligible", *columns):
                totals[path[:end]][key] += row.get(key, 0)
    shown = [p for p in totals if depth_below is None or len(p) <= top + 4 * depth_below]
    names = dict(Org.objects.filter(path__in=shown).values_list("path", "name"))
    rows = []
    for path in sorted(shown):
        row = totals[path]
        rates = {f"{c}_rate": _percent(row[c], row["eligible"]) for c in columns}
        rows.append({"path": path, "name": names.get(path, ""),
                     "level": (len(path) - top) // 4, **row, **rates})  # fmt: skip
    return rows


def activity_participation(activity, *, depth_below=2):
    """The activity's sign-up and attendance rates per union (see ``participation_rates``)."""
    counts = defaultdict(dict)
    rows = (
        Signup.objects.filter(activity=activity)
        .values("org_id")
        .annotate(
            signed=Count("id", filter=Q(status=SignupStatus.CONFIRMED)),
            attended=Count("id", filter=Q(checked_in_at__isnull=False)),
        )
    )
    for r in rows:
        counts[r["org_id"]] = {"signed": r["signed"], "attended": r["attended"]}
    return participation_rates(
        activity, counts, columns=("signed", "attended"), depth_below=depth_below
    )


# --- The portal's member home -----------------------------------------------------------------


def latest_for_member(member, *, count=3):
    """What the portal's home lists for the member: the latest notices, the activities and
    surveys open to them, and their learning hours (a few rows each; bounded queries)."""
    from .learning import courses_open_to, record_of_member

    activities = list(activities_open_to(member)[:count])
    # unscoped: the member's own rows, wherever the activity/course was organised
    signups = {
        s.activity_id: s
        for s in Signup.unscoped.filter(member=member, activity__in=[a.pk for a in activities])
    }
    for a in activities:
        a.my_signup = signups.get(a.pk)  # the page asks it is_confirmed / is_waitlisted
    # unscoped: the member's own rows, wherever the course was organised
    enrolled = Enrolment.unscoped.filter(member=member).values("course_id")
    return {
        "notices": list(notices_for_member(member)[:count]),
        "activities": activities,
        "surveys": list(surveys_open_to(member)[:count]),
        # Open for enrolment: the courses "我的学习" offers, not those the member is already on.
        "courses": list(courses_open_to(member).exclude(pk__in=enrolled)[:count]),
        "learning_hours": record_of_member(member)["total"],
    }
