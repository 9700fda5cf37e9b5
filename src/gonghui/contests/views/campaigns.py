"""Pages of labour competitions: set-up, entries, boards, team leaders' pages."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from gonghui.core.decorators import Lookup, scoped_view
from gonghui.core.imports.services import template_workbook
from gonghui.core.imports.views import attachment
from gonghui.core.models import User
from gonghui.core.pages import submit
from gonghui.core.paging import COUNT_CAP, paginate
from gonghui.core.scoping import scopes_disabled
from gonghui.members.models import Member
from gonghui.orgs.models import Org

from .. import exporters, forms, importers, selectors, services
from ..models import Campaign, DistrictGoal, ScoreEntry, Team
from ._common import CAMPAIGN, _create_view, _post_form, _run, _user_named


@scoped_view("contests.view_campaign")
def campaign_list(request):
    page = paginate(request, selectors.campaigns(), 30, cap=COUNT_CAP)
    contributions = selectors.goal_contributions(request.scope.org_path)
    for row in contributions:
        row["goal"] = DistrictGoal(row["indicator__goal"]).label
    return render(
        request, "contests/campaign_list.html", {"page": page, "contributions": contributions}
    )


campaign_create = _create_view(
    "contests.manage_campaign",
    forms.CampaignForm,
    services.create_campaign,
    gettext_lazy("新建劳动竞赛"),
    "contests:detail",
)


@scoped_view("contests.view_campaign", lookup=CAMPAIGN)
def campaign_detail(request, campaign):
    return render(
        request,
        "contests/campaign_detail.html",
        {
            "campaign": campaign,
            "board": selectors.live_board(campaign),
            "indicators": campaign.indicators.all(),
            "teams": campaign.teams.select_related("unit"),
            "pending": selectors.pending_entries(campaign, request.user)[:50],
            "conflicts": campaign.conflicts.select_related("user", "team"),
            "indicator_form": forms.IndicatorForm(),
            "team_form": forms.TeamForm(),
            "tie_form": forms.TieRuleForm(
                indicators=campaign.indicators.all(),
                initial={"tie_breakers": campaign.tie_breakers, "rank_style": campaign.rank_style},
            ),
            "conflict_form": forms.ConflictForm(
                choices=[(t.pk, t.name) for t in campaign.teams.all()]
            ),
            "leader_form": forms.LeaderForm(teams=campaign.teams.all()),
            "import_key": importers.KEY,
        },
    )


def _campaign_form(request, campaign, form, perform, success):
    return _post_form(request, form, perform, success, ("contests:detail", campaign.pk))


@scoped_view("contests.manage_campaign", lookup=CAMPAIGN)
def indicator_add(request, campaign):
    return _campaign_form(
        request,
        campaign,
        forms.IndicatorForm(request.POST),
        lambda d: services.add_indicator(actor=request.user, campaign=campaign, **d),
        _("已添加指标"),
    )


@scoped_view("contests.manage_campaign", lookup=CAMPAIGN)
def team_add(request, campaign):

    def perform(data):
        unit = Org.objects.visible().filter(code=data["unit_code"].strip()).first()
        if unit is None:
            raise ValidationError(_("找不到该组织代码（或不在您的管理范围内）"))
        services.add_team(
            actor=request.user,
            campaign=campaign,
            name=data["name"],
            unit=unit,
            leader=data["leader"],
            code=data["code"],
        )

    return _campaign_form(request, campaign, forms.TeamForm(request.POST), perform, _("已添加班组"))


def _leader_user(who):
    """A login named by a member's card number (a member in scope with an account) or by a
    username; ``None`` for a blank field (unlink)."""
    who = who.strip()
    if not who:
        return None
    member = Member.objects.filter(card_number=who).select_related("user").first()
    if member is not None:
        if member.user is None:
            raise ValidationError(_("该会员尚未开通账号，不能设为班组长"))
        return member.user
    user = User.objects.filter(username=who, is_active=True).first()
    if user is None:
        raise ValidationError(_("找不到该会员证号或用户名"))
    return user


@scoped_view("contests.manage_campaign", lookup=CAMPAIGN)
def team_leader(request, campaign):
    form = forms.LeaderForm(request.POST, teams=campaign.teams.all())

    def perform(data):
        services.set_team_leader(
            actor=request.user,
            team=campaign.teams.get(pk=data["team"]),
            user=_leader_user(data["who"]),
        )

    return _campaign_form(request, campaign, form, perform, _("已设置班组长"))


@scoped_view("contests.enter_score", lookup=CAMPAIGN)
def import_template(request, campaign):
    """The score template of this campaign: its teams and indicators filled in."""
    template = importers.campaign_template_class(campaign, importers.default_period(campaign))
    return attachment(
        template_workbook(template), _("{theme}-成绩导入模板.xlsx").format(theme=campaign.theme)
    )


@scoped_view("contests.manage_campaign", lookup=CAMPAIGN)
def tie_rule(request, campaign):
    form = forms.TieRuleForm(request.POST, indicators=campaign.indicators.all())
    return _campaign_form(
        request,
        campaign,
        form,
        lambda d: services.set_tie_rule(
            actor=request.user,
            campaign=campaign,
            tie_breakers=d["tie_breakers"],
            rank_style=d["rank_style"],
        ),
        _("已保存同分规则"),
    )


@scoped_view("contests.record_conflict", lookup=CAMPAIGN)
def conflict_add(request, campaign):
    form = forms.ConflictForm(request.POST, choices=[(t.pk, t.name) for t in campaign.teams.all()])

    def perform(data):
        user = _user_named(data["username"])
        services.record_conflict(
            actor=request.user,
            user=user,
            reason=data["reason"],
            team=campaign.teams.get(pk=data["target"]),
        )

    return _campaign_form(request, campaign, form, perform, _("已登记利益关系"))


def _campaign_step(permission, service, success):
    """A POST button of the campaign page that runs ``service`` on the campaign."""

    @scoped_view(permission, lookup=CAMPAIGN)
    def view(request, campaign):
        _run(request, lambda: service(actor=request.user, campaign=campaign), success)
        return redirect("contests:detail", pk=campaign.pk)

    return view


campaign_start = _campaign_step(
    "contests.manage_campaign", services.start_campaign, gettext_lazy("竞赛已开始")
)
board_freeze = _campaign_step(
    "contests.freeze_board",
    services.freeze_board,
    gettext_lazy("已封榜：公众看到封榜时的排名，组织者仍可看到实时排名"),
)
campaign_close = _campaign_step(
    "contests.freeze_board", services.close_campaign, gettext_lazy("竞赛已结束，最终排名已公布")
)


@scoped_view("contests.enter_score", lookup=CAMPAIGN)
def entries(request, campaign):
    form = forms.EntryForm(request.POST or None, campaign=campaign)
    done = submit(
        request,
        form,
        services.enter_score,
        data=lambda d: {
            "team": campaign.teams.get(pk=d["team"]),
            "indicator": campaign.indicators.get(pk=d["indicator"]),
            "period": d["period"],
            "value": d["value"],
            "note": d["note"],
        },
        then=("contests:entries", campaign.pk),
        success=_("已填报，等待第二人确认"),
    )
    if done:
        return done
    recent = (
        ScoreEntry.objects.filter(team__campaign=campaign)
        .select_related("team", "indicator", "entered_by", "confirmed_by")
        .order_by("-id")[:50]
    )
    return render(
        request,
        "contests/entries.html",
        {"campaign": campaign, "form": form, "recent": recent, "import_key": importers.KEY},
    )


@scoped_view(
    "contests.confirm_score",
    lookup=Lookup(
        lambda: ScoreEntry.objects.filter(team__campaign__in=Campaign.objects.all()).select_related(
            "team__campaign"
        ),
        name="entry",
    ),
)
def entry_confirm(request, entry):
    _run(request, lambda: services.confirm_entry(actor=request.user, entry=entry), _("已确认"))
    return redirect("contests:detail", pk=entry.team.campaign_id)


@scoped_view("contests.view_campaign", lookup=CAMPAIGN)
def board_export(request, campaign):
    return exporters.board_response(request.user, campaign, selectors.live_board(campaign))


@scoped_view("contests.lead_team")
def my_teams(request):
    """The teams the signed-in user leads (班组长/队长), for their phone."""
    teams = [
        t
        for t in Team.objects.filter(leader_user=request.user).select_related(
            "campaign__org", "unit"
        )
        if services.leads(request.user, t, request.scope)
    ]
    return render(request, "contests/my_teams.html", {"teams": teams})


def _team_for(request, team):
    """Whether the team (in scope) is seen by its leader or by the campaign's organisers; 403
    in scope for anyone else (404 when the team's unit is outside the scope too)."""
    scope = request.scope
    organiser = scope.contains_path(team.campaign.org.path) and scope.has_perm(
        "contests.view_campaign"
    )
    leader = services.leads(request.user, team, scope)
    if not (organiser or leader):
        # Someone in the team's unit who does not lead it: it exists, but is not theirs.
        if scope.contains_path(team.unit.path):
            raise PermissionDenied
        raise Http404
    return team, organiser, leader


# A team is seen where its campaign is and along its unit's branch (its leader works at the unit
# or below, often outside the campaign's subtree): the scoped lookup finds it (404 elsewhere),
# then _team_for answers 403 to anyone in scope who is neither an organiser nor its leader.
@scoped_view(
    "contests.lead_team",
    lookup=Lookup(lambda: Team.objects.select_related("campaign__org", "unit"), name="team"),
)
def team_page(request, team):
    """A team leader's phone page: the team's figures per indicator and its rank — from the
    frozen board once the board is frozen (only organisers see live results) — and a form for
    the indicators the team reports itself (confirmed afterwards by an organiser)."""
    team, organiser, leader = _team_for(request, team)
    campaign = team.campaign
    self_reported = selectors.self_reported_indicators(campaign)
    can_submit = leader and selectors.accepts_team_reports(campaign, self_reported)
    form = forms.TeamEntryForm(
        request.POST if request.method == "POST" and can_submit else None,
        indicators=self_reported,
        initial={"period": importers.default_period(campaign)},
    )
    if request.method == "POST":
        if not leader:
            raise PermissionDenied
        if not can_submit:
            messages.error(request, _("本竞赛当前没有可由班组自报的指标"))
            return redirect("contests:team", pk=team.pk)
    done = submit(
        request,
        form,
        services.submit_team_score,
        team=team,
        data=lambda d: {
            "indicator": next(i for i in self_reported if str(i.pk) == d["indicator"]),
            "period": d["period"],
            "value": d["value"],
            "note": d["note"],
        },
        then=("contests:team", team.pk),
        success=_("已提交，等待组织者确认后计入排名"),
        refusals_on_form=True,
    )
    if done:
        return done
    board, kind = selectors.board_for_team_page(campaign, organiser=organiser)
    mine = selectors.entries_by(team, request.user)
    return render(
        request,
        "contests/team_page.html",
        {
            "team": team,
            "campaign": campaign,
            "standing": selectors.team_standing(board, team),
            "kind": kind,
            "organiser": organiser,
            "leader": leader,
            "form": form if can_submit else None,
            "mine": mine,
        },
    )


def public_board(request, key):
    """The public board: final, else frozen, else live (public pages read unscoped by key)."""
    with scopes_disabled():
        # unscoped: public page, read by its key only
        campaign = Campaign.unscoped.filter(public_key=key, board_public=True).first()
        if campaign is None:
            raise Http404
        board, kind = selectors.board_for_public(campaign)
        return render(
            request,
            "contests/public_board.html",
            {"campaign": campaign, "board": board, "kind": kind},
        )
