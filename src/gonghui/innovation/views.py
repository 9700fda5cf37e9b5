"""Pages of the proposal process: the member's phone pages (submit, mine, every step), the staff
list with export, one page per workflow action, statistics and leaderboards, bands and rubrics."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import FileResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from gonghui.core import config, pages
from gonghui.core.decorators import Lookup, scoped_view
from gonghui.core.forms import add_service_errors
from gonghui.core.paging import COUNT_CAP, paginate
from gonghui.core.scoping import current_scope
from gonghui.members.models import Member
from gonghui.orgs.models import Org

from . import exporters, forms, scoring, selectors, services
from .models import Proposal, ProposalAttachment, ProposalStatus, Review


def _visible():
    return selectors.visible_proposal_queryset(current_scope().user).prefetch_related(
        "co_authors", "attachments", "milestones", "reviews__reviewer", "reviews__rubric"
    )


# A proposal as the route's user may see it: staff their scope's, members their own.
PROPOSAL = Lookup(_visible, name="proposal")
# An attachment is seen wherever its proposal is.
ATTACHMENT = Lookup(
    lambda: ProposalAttachment.objects.select_related("proposal").filter(
        proposal__in=selectors.visible_proposal_queryset(current_scope().user)
    ),
    name="item",
)


def _band(proposal):
    """The reward band and suggested reward of the confirmed benefit (``None``s before)."""
    if proposal.actual_benefit is None:
        return None, None
    return selectors.reward_for(proposal.actual_benefit)


def _timeline(proposal):
    return [
        {"label": ProposalStatus(e.to_state).label, "at": e.at, "reason": e.reason}
        for e in selectors.timeline(proposal)
    ]


def _filtered(request):
    """The filter form of the staff list and the proposals it selects."""
    form = forms.FilterForm(request.GET or None)
    data = form.cleaned_data if form.is_valid() else {}
    qs = selectors.search(
        selectors.proposals(),
        query=data.get("q", ""),
        status=data.get("status", ""),
        kind=data.get("kind", ""),
        org_code=data.get("org", ""),
    )
    return form, qs


@scoped_view("innovation.view_proposal")
def proposal_list(request):
    form, qs = _filtered(request)
    page = paginate(request, qs, 30, cap=COUNT_CAP)
    return render(request, "innovation/proposal_list.html", {"form": form, "page": page})


@scoped_view("innovation.export_proposals")
def proposal_export(request):
    _form, qs = _filtered(request)
    return exporters.proposals_response(request.user, qs)


@scoped_view("innovation.view_own_proposal")
def my_proposals(request):
    mine = selectors.proposals_of_user(request.user).order_by("-created_at")[:100]
    member = Member.objects.filter(user=request.user).first()
    return render(request, "innovation/mine.html", {"proposals": mine, "member": member})


def _author_for(request, form):
    if request.scope.has_perm("innovation.submit_for_member"):
        card = form.cleaned_data.get("author_card", "").strip()
        member = Member.objects.filter(card_number=card).select_related("org").first()
        if member is None:
            form.add_error("author_card", _("找不到该会员证号（或不在您的管理范围内）"))
        return member
    member = Member.objects.filter(user=request.user).select_related("org").first()
    if member is None:
        form.add_error(None, _("您的账号尚未关联会员信息，请联系工会"))
    return member


@scoped_view("innovation.submit_proposal")
def submit(request):
    on_behalf = request.scope.has_perm("innovation.submit_for_member")
    form = forms.ProposalForm(request.POST or None, request.FILES or None, on_behalf=on_behalf)
    similar = []
    if request.method == "POST" and form.is_valid():
        author = _author_for(request, form)
        if author is not None:
            co_authors = list(Member.objects.filter(card_number__in=form.card_numbers()))
            if len(co_authors) != len(set(form.card_numbers())):
                form.add_error("co_authors", _("有会员证号找不到（或不在您的管理范围内）"))
            else:
                data = form.cleaned_data
                try:
                    proposal = services.submit_proposal(
                        actor=request.user,
                        author=author,
                        kind=data["kind"],
                        title=data["title"],
                        problem=data["problem"],
                        solution=data["solution"],
                        expected_benefit=data["expected_benefit"] or 0,
                        co_authors=co_authors,
                        difference_note=data["difference_note"],
                        files=data["files"],
                    )
                except ValidationError as exc:
                    add_service_errors(form, exc)
                    similar = selectors.similar_proposals(
                        title=data["title"], employer=author.employer, org=author.org
                    )
                else:
                    messages.success(request, _("建议已提交，编号 %(n)s") % {"n": proposal.number})
                    return redirect("innovation:detail", pk=proposal.pk)
    return render(request, "innovation/submit.html", {"form": form, "similar": similar})


@scoped_view("innovation.submit_proposal")
def similar_hint(request):
    """htmx: similar earlier proposals of the member's employer while the title is typed."""
    title = request.GET.get("title", "").strip()[:120]
    card = request.GET.get("author_card", "").strip()
    if card and request.scope.has_perm("innovation.submit_for_member"):
        member = Member.objects.filter(card_number=card).first()
    else:
        member = Member.objects.filter(user=request.user).first()
    similar = []
    if member is not None and len(title) >= 2:
        similar = selectors.similar_proposals(title=title, employer=member.employer, org=member.org)
    return render(request, "innovation/_similar.html", {"similar": similar})


@scoped_view("innovation.view_own_proposal", lookup=PROPOSAL)
def detail(request, proposal):
    staff = request.scope.has_perm("innovation.view_proposal")
    band, suggested = _band(proposal)
    return render(
        request,
        "innovation/detail.html",
        {
            "proposal": proposal,
            "steps": proposal.steps,
            "timeline": _timeline(proposal),
            "staff": staff,
            "score": selectors.proposal_score(proposal),
            "reviews": proposal.reviews.all(),
            "band": band,
            "suggested": suggested,
            "min_reviews": config.describe("innovation.min_reviews"),
            "adopt_hint": config.get("innovation.adopt_hint_score"),
            "actions": [t.name for t in services.WORKFLOW.available(proposal, request.user)],
            "my_review": next(
                (r for r in proposal.reviews.all() if r.reviewer_id == request.user.pk), None
            ),
            "attach_form": forms.AttachmentForm(),
        },
    )


@scoped_view("innovation.view_own_proposal", lookup=PROPOSAL)
def attach(request, proposal):
    form = forms.AttachmentForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        pages.act(
            request,
            lambda: services.add_attachment(actor=request.user, proposal=proposal, upload=upload),
            _("附件已上传"),
            refusals=False,
        )
    return redirect("innovation:detail", pk=proposal.pk)


@scoped_view("innovation.view_own_proposal", lookup=ATTACHMENT)
def attachment(request, item):
    return FileResponse(item.file.open("rb"), as_attachment=True, filename=item.name)


# --- one page per workflow action ---------------------------------------------------------------


# The workflow steps whose forms do not name the service's arguments: (actor, proposal, the
# form's values) to one service call.


def _do_triage(*, actor, proposal, outcome, department, reason):
    if outcome == "opinion":
        return services.record_as_opinion(actor=actor, proposal=proposal, reason=reason)
    return services.triage_proposal(
        actor=actor, proposal=proposal, department=department, reason=reason
    )


def _do_reviewers(*, actor, proposal, reviewers):
    from gonghui.core.models import User

    chosen = list(User.objects.filter(pk__in=reviewers))
    return services.assign_reviewers(actor=actor, proposal=proposal, reviewers=chosen)


def _do_decide(*, actor, proposal, decision, into, reason):
    if decision == "merge":
        target = Proposal.objects.filter(number=into.strip()).first()
        if target is None:
            raise ValidationError({"into": _("找不到该编号的建议")})
        return services.merge(actor=actor, proposal=proposal, into=target, reason=reason)
    return services.decide(actor=actor, proposal=proposal, adopt=decision == "adopt", reason=reason)


ACTIONS = {
    # name: (title, permission, form class, service taking the proposal and the form's values)
    "triage": (gettext_lazy("受理"), "innovation.triage_proposal", forms.TriageForm, _do_triage),
    "reviewers": (
        gettext_lazy("指派评审人"),
        "innovation.assign_reviewers",
        forms.ReviewersForm,
        _do_reviewers,
    ),
    "decide": (
        gettext_lazy("作出决定"),
        "innovation.decide_proposal",
        forms.DecisionForm,
        _do_decide,
    ),
    "implementation": (
        gettext_lazy("实施"),
        "innovation.manage_implementation",
        forms.ImplementationForm,
        services.record_implementation,
    ),
    "benefit": (
        gettext_lazy("确认效益"),
        "innovation.confirm_benefit",
        forms.BenefitForm,
        services.confirm_benefit,
    ),
    "reward": (
        gettext_lazy("审批奖励"),
        "innovation.approve_reward",
        forms.RewardForm,
        services.approve_reward,
    ),
    "payment": (
        gettext_lazy("登记发放"),
        "innovation.record_payment",
        forms.PaymentForm,
        services.record_payment,
    ),
    "milestone": (
        gettext_lazy("添加节点"),
        "innovation.manage_implementation",
        forms.MilestoneForm,
        services.add_milestone,
    ),
}


def _action_view(action):
    title, permission, form_class, service = ACTIONS[action]

    @scoped_view(permission, lookup=PROPOSAL)
    def view(request, proposal):
        kwargs = {}
        if form_class is forms.ReviewersForm:
            kwargs["candidates"] = selectors.eligible_reviewers(proposal)
        form = form_class(request.POST or None, **kwargs)
        band, suggested = _band(proposal)
        return pages.submit(
            request,
            form,
            service,
            proposal=proposal,
            then=("innovation:detail", proposal.pk),
            success=_("已保存：%(t)s") % {"t": title},
            refusals_on_form=True,
        ) or render(
            request,
            "innovation/action.html",
            {
                "proposal": proposal,
                "form": form,
                "title": title,
                "band": band,
                "suggested": suggested,
                "action": action,
            },
        )

    view.__name__ = f"proposal_{action}"
    return view


ACTION_VIEWS = {name: _action_view(name) for name in ACTIONS}


@scoped_view("innovation.review_proposal", lookup=PROPOSAL)
def review(request, proposal):
    mine = (
        Review.objects.filter(proposal=proposal, reviewer=request.user)
        .select_related("rubric")
        .first()
    )
    criteria = list(mine.rubric.criteria.all()) if mine else []
    form = forms.ReviewForm(request.POST or None, criteria=criteria)
    recuse_form = forms.RecuseForm()
    if request.method == "POST" and mine is not None:
        if "recuse" in request.POST:
            recuse_form = forms.RecuseForm(request.POST)
            if recuse_form.is_valid():
                return _recuse(request, mine, recuse_form)
        else:
            done = pages.submit(
                request,
                form,
                services.submit_review,
                review=mine,
                data=lambda d: {"scores": form.scores(), "comment": d["comment"]},
                then=("innovation:detail", proposal.pk),
                success=_("评分已提交"),
                refusals_on_form=True,
            )
            if done:
                return done
    return render(
        request,
        "innovation/review.html",
        {"proposal": proposal, "review": mine, "form": form, "recuse_form": recuse_form},
    )


def _recuse(request, review_obj, form):
    reason = form.cleaned_data["reason"]
    pages.act(
        request,
        lambda: services.recuse(actor=request.user, review=review_obj, reason=reason),
        _("已登记回避，您的评分不计入结果"),
    )
    return redirect("innovation:detail", pk=review_obj.proposal_id)


# --- statistics, leaderboards, configuration -----------------------------------------------------


@scoped_view("innovation.view_statistics")
def statistics(request):
    code = request.GET.get("org", "").strip()
    org = (Org.objects.visible().filter(code=code).first() if code else None) or Org.objects.get(
        path=request.scope.org_path
    )
    return render(
        request,
        "innovation/statistics.html",
        {
            "org": org,
            "stats": selectors.statistics(org.path),
            "unions": selectors.leaderboard_unions(org.path),
            "people": selectors.leaderboard_people(org.path),
            "children": Org.objects.visible().filter(
                path__startswith=org.path, depth=org.depth + 1
            ),
        },
    )


@scoped_view("innovation.view_statistics")
def bands(request):
    can_edit = request.scope.has_perm("innovation.manage_bands")
    current = list(selectors.bands())
    initial = "\n".join(f"{a}, {b}, {c}, {d}" for a, b, c, d in current)
    form = forms.BandsForm(request.POST or None, initial={"table": initial}) if can_edit else None
    done = form is not None and pages.submit(
        request,
        form,
        services.set_reward_bands,
        data=lambda d: {"rows": d["table"]},
        then="innovation:bands",
        success=_("奖励档次已更新"),
    )
    if done:
        return done
    table = [scoring.band_for(a, current) for a, _, _, _ in current]
    return render(request, "innovation/bands.html", {"bands": table, "form": form})


@scoped_view("innovation.manage_rubric")
def rubrics(request):
    root = Org.objects.get(path=request.scope.org_path)
    rubric = selectors.rubric_for(root)
    form = forms.RubricForm(request.POST or None)
    done = pages.submit(
        request,
        form,
        services.create_rubric,
        org=root,
        then="innovation:rubrics",
        success=_("评审细则已启用"),
    )
    if done:
        return done
    return render(
        request,
        "innovation/rubrics.html",
        {
            "rubric": rubric,
            "criteria": rubric.criteria.all() if rubric else [],
            "form": form,
            "org": root,
            "default": config.describe("innovation.default_rubric"),
        },
    )
