"""Submitting proposals (numbers, authors, attachments), triage and the decision."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext

from gonghui.core import audit, config
from gonghui.core.scoping import current_scope, require_perm
from gonghui.members.models import Member

from .. import selectors
from ..models import (
    Proposal,
    ProposalAttachment,
    ProposalCounter,
)
from ._common import S, _fresh, _money, _require_in_scope, _transition


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
        raise ValidationError(
            {"difference_note": gettext("系统发现相似的建议，请说明您的建议有何不同")}
        )
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
def decide(*, actor, proposal, adopt, reason):
    """Adopt or not, with a reason, once enough non-recused reviews are in (a setting)."""
    proposal = _fresh(proposal)
    needed = config.get("innovation.min_reviews", proposal.org)
    have = len(selectors.counting_reviews(proposal))
    if have < needed:
        raise ValidationError(
            gettext("有效评审 {have} 份，少于 {describe}").format(
                have=have, describe=config.describe("innovation.min_reviews")
            )
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
    if into.org_id != proposal.org_id:
        # a duplicate is the same idea in the same workplace: merging across unions would hand
        # one union's authors' credit (and reward) to another's
        raise ValidationError({"into": gettext("只能合并本工会的建议")})
    return _transition(actor, proposal, "merge", reason, merged_into=into, decision_reason=reason)
