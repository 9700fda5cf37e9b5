"""Scoped reads of competitions: the live board, the frozen/public board, skill-contest results,
and ``top_teams`` / ``top_contestants`` for honours nominations (工人先锋号 and the like)."""

from collections import defaultdict

from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, gettext_noop

from gonghui.core import config
from gonghui.core.text.punctuation import annotated

from . import ranking
from .models import Campaign, CampaignStatus, Direction, RankStyle, ScoreEntry, SkillEvent

config.define(
    "contests.score_places",
    2,
    gettext_lazy("竞赛得分保留小数位"),
    gettext_lazy("加权总分按此位数四舍五入后比较名次（决定是否同分）"),
)
config.define(
    "contests.drop_extremes_from",
    5,
    gettext_lazy("去掉最高最低分的裁判人数"),
    gettext_lazy("有效裁判达到此人数时，去掉一个最高分和一个最低分后取平均；0 表示不去掉"),
)
config.define(
    "contests.prizes",
    [[gettext_noop("一等奖"), 1], [gettext_noop("二等奖"), 2], [gettext_noop("三等奖"), 3]],
    gettext_lazy("技能比武奖项名额"),
    gettext_lazy("按名次依次颁发：[奖项, 名额]；并列者同获较高奖项"),
)


def campaigns():
    return Campaign.objects.select_related("org")


def events():
    return SkillEvent.objects.select_related("org", "campaign")


def tie_rule(campaign, indicators=None):
    """The tie rule as data (indicator names, direction and rank style codes), kept in a
    frozen board so that it reads in the language of whoever looks at it."""
    indicators = indicators if indicators is not None else list(campaign.indicators.all())
    by_id = {i.pk: i for i in indicators}
    return {
        "breakers": [
            [by_id[i].name, by_id[i].direction] for i in campaign.tie_breakers if i in by_id
        ],
        "rank_style": campaign.rank_style,
    }


def tie_rule_words(rule):
    """``tie_rule``'s data in the current language."""
    steps = [_("加权总分（高者在前）")]
    steps += [annotated(name, _label(Direction, code)) for name, code in rule["breakers"]]
    style = _label(RankStyle, rule["rank_style"])
    return (
        _("依次比较：") + " → ".join(steps) + _("；全部相同者名次并列，{style}").format(style=style)
    )


def _label(choices, code):
    return str(choices(code).label) if code in choices.values else code


def tie_rule_text(campaign, indicators=None):
    return tie_rule_words(tie_rule(campaign, indicators))


def readable_board(board, campaign):
    """A stored (frozen or final) board with its words in the current language: the tie rule,
    the rounding setting and the indicators' directions are kept as data since this change;
    a board stored before keeps its text."""
    if not board:
        return board
    board = dict(board)
    if board.get("tie"):
        board["tie_rule"] = tie_rule_words(board["tie"])
    if board.get("rounding_at"):
        board["rounding"] = config.describe(
            "contests.score_places", campaign.org, at=parse_datetime(board["rounding_at"])
        )
    board["indicators"] = [
        {**i, "direction": _label(Direction, i["direction_code"])} if i.get("direction_code") else i
        for i in board.get("indicators", [])
    ]
    return board


def live_board(campaign):
    """The ranking from confirmed, current entries, computed now. JSON-ready."""
    indicators = list(campaign.indicators.all())
    teams = list(campaign.teams.select_related("unit"))
    entries = (
        ScoreEntry.objects.filter(
            team__campaign=campaign, is_current=True, confirmed_at__isnull=False
        )
        .order_by("period", "id")
        .values_list("team_id", "indicator_id", "value")
    )
    figures = defaultdict(list)
    for team_id, indicator_id, value in entries:
        figures[(team_id, indicator_id)].append(value)
    raw = {
        i.pk: {t.pk: ranking.aggregate(figures[(t.pk, i.pk)], i.aggregation) for t in teams}
        for i in indicators
    }
    points = {i.pk: ranking.normalise(raw[i.pk], i.direction) for i in indicators}
    weights = {i.pk: i.weight for i in indicators}
    places = config.get("contests.score_places", campaign.org)
    totals = {
        t.pk: ranking.weighted_total(
            {i.pk: points[i.pk][t.pk] for i in indicators}, weights, places
        )
        for t in teams
    }
    by_id = {i.pk: i for i in indicators}
    breakers = [i for i in campaign.tie_breakers if i in by_id]
    rows = [(t.pk, (totals[t.pk], *[raw[i][t.pk] for i in breakers])) for t in teams]
    directions = ["higher", *[by_id[i].direction for i in breakers]]
    ranked = ranking.rank(rows, directions, campaign.rank_style)
    team_by_id = {t.pk: t for t in teams}
    return {
        "computed_at": timezone.now().isoformat(),
        "tie_rule": tie_rule_text(campaign, indicators),
        "tie": tie_rule(campaign, indicators),
        "rounding": config.describe("contests.score_places", campaign.org),
        "rounding_at": timezone.now().isoformat(),
        "indicators": [
            {
                "id": i.pk,
                "name": i.name,
                "unit": i.unit,
                "weight": str(i.weight),
                "direction": i.get_direction_display(),
                "direction_code": i.direction,
            }
            for i in indicators
        ],
        "rows": [
            {
                "rank": r.rank,
                "team_id": r.key,
                "team": team_by_id[r.key].name,
                "unit": team_by_id[r.key].unit.name,
                "total": str(totals[r.key]),
                "values": [
                    None if raw[i.pk][r.key] is None else str(raw[i.pk][r.key]) for i in indicators
                ],
            }
            for r in ranked
        ],
    }


def board_for_public(campaign):
    """What the public sees: the final board, else the frozen snapshot, else the live one."""
    if campaign.final_board:
        return readable_board(campaign.final_board, campaign), "final"
    if campaign.is_frozen:
        return readable_board(campaign.frozen_board, campaign), "frozen"
    return live_board(campaign), "live"


def team_standing(board, team):
    """One team's place on ``board`` (live, frozen or final): rank, total, the number of teams
    and its figure per indicator (as they stand on that board). ``row`` is ``None`` for a team
    that joined after the board was frozen."""
    row = next((r for r in board.get("rows", []) if r["team_id"] == team.pk), None)
    indicators = board.get("indicators", [])
    values = row["values"] if row else [None] * len(indicators)
    return {
        "row": row,
        "count": len(board.get("rows", [])),
        "tie_rule": board.get("tie_rule", ""),
        "computed_at": board.get("computed_at", ""),
        "figures": [
            {**indicator, "value": value}
            for indicator, value in zip(indicators, values, strict=False)
        ],
    }


def top_teams(campaign, limit=None):
    """Ranked teams for honours nominations: the final board when closed, else live.
    Returns dicts with rank, team_id, team, unit, total."""
    board = campaign.final_board or live_board(campaign)
    rows = board["rows"]
    if limit is not None:
        rows = [r for r in rows if r["rank"] <= limit]
    return rows


def goal_contributions(path):
    """Sum of confirmed figures per district goal over campaigns organised in the subtree at
    ``path`` (for reports: energy saved, and so on), grouped by indicator name and unit. Only
    cumulative ("sum") indicators add up; averages and latest values do not."""
    from django.db.models import Sum

    return list(
        ScoreEntry.objects.filter(
            team__campaign__in=Campaign.objects.in_subtree(path),
            is_current=True,
            confirmed_at__isnull=False,
        )
        .filter(indicator__aggregation="sum")
        .exclude(indicator__goal="")
        .values("indicator__goal", "indicator__name", "indicator__unit")
        .annotate(total=Sum("value"))
        .order_by("indicator__goal", "indicator__name")
    )


def pending_entries(campaign, user):
    """Entries waiting for confirmation that ``user`` may confirm (not their own)."""
    return (
        ScoreEntry.objects.filter(
            team__campaign=campaign, is_current=True, confirmed_at__isnull=True
        )
        .exclude(entered_by=user)
        .select_related("team", "indicator", "entered_by")
    )


def event_results(event):
    """Each contestant's result: mean of the judges' scores, a conflicted judge's scores excluded,
    extremes dropped from a number of judges (a setting); ranked, with prizes."""
    conflicts = {(c.user_id, c.contestant_id) for c in event.conflicts.all()}
    contestants = list(event.contestants.select_related("member", "member__org"))
    scores = defaultdict(list)
    excluded = defaultdict(int)
    for judge in event.judges.prefetch_related("scores"):
        for js in judge.scores.all():
            if (judge.user_id, js.contestant_id) in conflicts:
                excluded[js.contestant_id] += 1
                continue
            scores[js.contestant_id].append(js.score)
    drop_from = config.get("contests.drop_extremes_from", event.org)
    finals = {
        c.pk: ranking.trimmed_mean(scores[c.pk], drop_extremes_from=drop_from) for c in contestants
    }
    ranked = ranking.rank([(c.pk, (finals[c.pk],)) for c in contestants], ["higher"])
    prizes = _prizes(event)
    return _result_rows(
        ranked, contestants, finals, scores, prizes, excluded=lambda key: excluded[key]
    )


def _result_rows(ranked, contestants, finals, judged, prizes, **more):
    """A row for each ranked contestant: rank, contestant, final result, how many judges' marks
    ``judged`` counts, prize (none without a result), and ``name: more[name](contestant pk)``."""
    by_id = {c.pk: c for c in contestants}
    return [
        {
            "rank": r.rank,
            "contestant": by_id[r.key],
            "final": finals[r.key],
            "judges": len(judged[r.key]),
            "prize": prizes(r.rank) if finals[r.key] is not None else "",
            **{name: value(r.key) for name, value in more.items()},
        }
        for r in ranked
    ]


def _prizes(event):
    table = config.get("contests.prizes", event.org)
    bounds = []
    upto = 0
    for name, count in table:
        upto += int(count)
        bounds.append((upto, _(name)))  # the default names are in the catalogue

    def prize(rank):
        for limit, name in bounds:
            if rank <= limit:
                return name
        return ""

    return prize


def top_contestants(event, limit=None):
    """Ranked contestants for honours nominations: the last round's results in a contest with
    rounds, else the single-score results."""
    last = event.rounds.order_by("-order").first()
    rows = round_results(last) if last is not None else event_results(event)
    return [r for r in rows if limit is None or r["rank"] <= limit]


# --- rounds (初赛/复赛/决赛) ------------------------------------------------------------------


def round_open(round_):
    """Judges may score a round once every earlier round of the contest is closed."""
    return not round_.event.rounds.filter(order__lt=round_.order, closed_at__isnull=True).exists()


def entrant_ids(round_):
    """The first round: every contestant; a later round: those who advanced into it."""
    first = not round_.event.rounds.filter(order__lt=round_.order).exists()
    if first:
        return set(round_.event.contestants.values_list("pk", flat=True))
    return set(round_.entrants.values_list("pk", flat=True))


def round_results(round_):
    """Each entrant's result in the round: every judge's weighted total over the criteria (a
    conflicted judge's scores excluded, a judge who has not scored every criterion not counted),
    combined by the contest's score rule; ranked; the best ``advance_count`` advance."""
    event = round_.event
    ids = entrant_ids(round_)
    contestants = [
        c for c in event.contestants.select_related("member", "member__org") if c.pk in ids
    ]
    criteria = [(c.pk, c.weight, c.max_score) for c in event.criteria.all()]
    conflicts = {(c.user_id, c.contestant_id) for c in event.conflicts.all()}
    sheets = defaultdict(dict)
    for row in round_.scores.select_related("judge"):
        if (row.judge.user_id, row.contestant_id) not in conflicts:
            sheets[(row.contestant_id, row.judge_id)][row.criterion_id] = row.score
    totals = defaultdict(list)
    for (contestant_id, _judge), scores in sheets.items():
        total = ranking.judge_total(scores, criteria, event.max_score)
        if total is not None:
            totals[contestant_id].append(total)
    drop_from = config.get("contests.drop_extremes_from", event.org)
    places = config.get("contests.score_places", event.org)
    finals = {
        c.pk: ranking.combine(
            totals[c.pk], event.score_rule, drop_extremes_from=drop_from, places=places
        )
        for c in contestants
    }
    ranked = ranking.rank([(c.pk, (finals[c.pk],)) for c in contestants], ["higher"])
    moving = ranking.advancing(ranked, round_.advance_count)
    # Prizes are given on the final's closed results only.
    prizes = _prizes(event) if round_.stage == "final" and round_.is_closed else (lambda rank: "")
    return _result_rows(
        ranked,
        contestants,
        finals,
        totals,
        prizes,
        totals=lambda key: sorted(totals[key]),
        advances=lambda key: key in moving,
    )


def rule_text(event):
    """The score rule in words, with the setting it depends on."""
    text = str(event.get_score_rule_display())
    if event.score_rule == "trimmed":
        drop_from = max(3, config.get("contests.drop_extremes_from", event.org) or 3)
        text += _("（裁判不少于 {drop_from} 人时去掉最高最低分，否则取平均）").format(
            drop_from=drop_from
        )
    return text


# --- a team leader's page ---------------------------------------------------------------------


def self_reported_indicators(campaign):
    return [i for i in campaign.indicators.all() if i.self_reported]


def accepts_team_reports(campaign, self_reported):
    """Team leaders report figures while the competition runs, for indicators marked so."""
    return campaign.status == CampaignStatus.RUNNING and bool(self_reported)


def board_for_team_page(campaign, *, organiser):
    """Organisers see the live board; a team leader what the public sees (frozen or final)."""
    if organiser:
        return live_board(campaign), "live"
    return board_for_public(campaign)


def entries_by(team, user, limit=30):
    """The latest figures ``user`` entered for ``team``."""
    return (
        ScoreEntry.objects.filter(team=team, entered_by=user)
        .select_related("indicator")
        .order_by("-id")[:limit]
    )


def scorecard_fixed(event):
    """Once a judge has scored a round, the scorecard and the score rule no longer change."""
    return event.rounds.filter(scores__isnull=False).exists()
