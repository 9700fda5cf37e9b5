"""Demo: the district's "同舟共济保增长、建功立业促发展" energy-saving competition with eight teams
and monthly figures (entered by district staff, confirmed by a second person), frozen two weeks
before its end; team leader ``member-a`` (张伟) follows the welding team on a phone and reports
its self-reported "小改小革" figures; and a welding skill contest in 华强精密机械."""

import datetime
import random
from decimal import Decimal

from gonghui.core.demo import acting, scoping_off
from gonghui.core.models import User

THEME = "同舟共济保增长、建功立业促发展"
TEAMS = [  # name, org code, leader, saving base (tce/month), intensity drop base (%)
    ("华强机械一车间焊装班", "HP0101", "马骏", 18, 3.2),
    ("华强机械二车间机加班", "HP0101", "周建华", 15, 2.8),
    ("鑫达物流车队节油小组", "HP0102", "王海", 9, 2.1),
    ("东湖钢铁炼铁厂高炉班", "HP0201", "郑国华", 60, 4.1),
    ("东湖钢铁轧钢厂热轧班", "HP0201", "邓小梅", 55, 3.9),
    ("东湖钢铁能源中心余热班", "HP0201", "陈刚", 48, 4.4),
    ("东湖人民医院后勤保障班", "HP0202", "陆云", 7, 1.6),
    ("第一实验小学后勤组", "HP0301", "何敏", 3, 1.2),
]


INDICATORS = [  # the campaign's scored figures, in the order of the board's columns
    {"name": "节能量", "unit": "吨标煤", "weight": 50, "goal": "energy_saving"},
    {"name": "单位产值能耗下降率", "unit": "%", "weight": 30, "aggregation": "avg",
     "goal": "energy_saving"},
    {"name": "安全事故", "unit": "起", "weight": 20, "direction": "lower", "goal": "safety"},
    {"name": "节能小改小革", "unit": "项次", "weight": 10, "min_value": 0, "max_value": 20,
     "self_reported": True},
]  # fmt: skip


def _months(start, end):
    months, (y, m) = [], (start.year, start.month)
    while (y, m) <= (end.year, end.month):
        months.append(f"{y}-{m:02d}")
        y, m = (y + 1, 1) if m == 12 else (y, m + 1)
    return months


LEADER = ("member-a", "华强机械一车间焊装班")


@scoping_off
def load(orgs):
    from . import services
    from .models import Campaign

    if Campaign.objects.filter(theme=THEME).exists():
        _team_leader()
        load_rounds(orgs)
        return
    district, reviewer = (
        User.objects.get(username="district"),
        User.objects.get(username="reviewer"),
    )
    today = datetime.date.today()
    start = (today.replace(day=1) - datetime.timedelta(days=240)).replace(day=1)
    end = today + datetime.timedelta(days=14)
    rng = random.Random(2026)
    with acting("district", "HP", "district_admin"):
        campaign = services.create_campaign(
            actor=district,
            org=orgs["HP"],
            theme=THEME,
            start_date=start,
            end_date=end,
            goals=["energy_saving", "safety"],
            description="全区节能降耗劳动竞赛：比节能量、比能耗强度下降、比安全生产。",
        )
        saving, drop, incidents, ideas = (
            services.add_indicator(actor=district, campaign=campaign, **indicator)
            for indicator in INDICATORS
        )
        teams = [
            services.add_team(
                actor=district, campaign=campaign, name=name, unit=orgs[code], leader=leader
            )
            for name, code, leader, _, _ in TEAMS
        ]
        services.set_tie_rule(
            actor=district,
            campaign=campaign,
            tie_breakers=[saving.pk, incidents.pk],
            rank_style="competition",
        )
        services.start_campaign(actor=district, campaign=campaign)
        entries = []
        for month in _months(start, today)[:-1]:
            for team, (_, _, _, base, drop_base) in zip(teams, TEAMS, strict=True):
                figures = [
                    (saving, Decimal(base * rng.uniform(0.8, 1.25)).quantize(Decimal("0.1"))),
                    (drop, Decimal(drop_base * rng.uniform(0.7, 1.3)).quantize(Decimal("0.01"))),
                    (incidents, Decimal(1 if rng.random() < 0.06 else 0)),
                    (ideas, Decimal(rng.randint(0, 3))),
                ]
                for indicator, value in figures:
                    entries.append(
                        services.enter_score(
                            actor=district,
                            team=team,
                            indicator=indicator,
                            period=month,
                            value=value,
                        )
                    )
    with acting("reviewer", "HP", "reviewer"):
        for entry in entries[:-6]:  # the latest few wait for confirmation
            services.confirm_entry(actor=reviewer, entry=entry)
    with acting("district", "HP", "district_admin"):
        services.freeze_board(actor=district, campaign=campaign)
    _team_leader()
    _skill_contest(orgs, campaign)
    load_rounds(orgs)


def _team_leader():
    """``member-a`` leads the welding team and has reported this month's "小改小革" figure,
    waiting for the organisers' confirmation (idempotent)."""
    from . import services
    from .models import Campaign, ScoreEntry

    username, team_name = LEADER
    campaign = Campaign.objects.filter(theme=THEME).first()
    user = User.objects.filter(username=username).first()
    team = campaign.teams.filter(name=team_name).first() if campaign else None
    if team is None or user is None or team.leader_user_id:
        return
    district = User.objects.get(username="district")
    with acting("district", "HP", "district_admin"):
        services.set_team_leader(actor=district, team=team, user=user)
    ideas = campaign.indicators.filter(self_reported=True).first()
    period = f"{datetime.date.today():%Y-%m}"
    if (
        ideas is None
        or campaign.status != "running"
        or not campaign.start_date <= datetime.date.today() <= campaign.end_date
    ):
        return
    if ScoreEntry.objects.filter(team=team, indicator=ideas, period=period).exists():
        return
    with acting(username, "HP0101", "member"):
        services.submit_team_score(
            actor=user, team=team, indicator=ideas, period=period, value=2, note="焊枪支架改进"
        )


def _skill_contest(orgs, campaign):
    from gonghui.innovation.demo import ENGINEERS, demo_members
    from gonghui.orgs.models import Employer

    from . import services

    org = orgs["HP0101"]
    people = demo_members(org, Employer.objects.filter(org=org).first())
    chair = User.objects.get(username="chair-a")
    judges = [User.objects.filter(username=u).first() for u, _ in ENGINEERS]
    judges = [j for j in judges if j is not None]
    with acting("chair-a", "HP0101", "union_admin"):
        event = services.create_event(
            actor=chair,
            org=org,
            name="华强机械第五届焊工技能比武",
            trade="焊工",
            venue="二车间实训基地",
            held_on=datetime.date.today() - datetime.timedelta(days=20),
            campaign=None,
        )
        contestants = [
            services.add_contestant(
                actor=chair, event=event, member=people[name], number=f"{i:02d}"
            )
            for i, name in enumerate(["张伟", "刘洋", "王磊", "孙丽"], start=1)
        ]
        services.add_judge(actor=chair, event=event, user=chair)
        for judge in judges:
            services.add_judge(actor=chair, event=event, user=judge)
    marks = {0: [92, 99, 94], 1: [88, 86, 85], 2: [90, 84, 86], 3: [95, 91, 93]}
    for j, judge in enumerate([chair, *judges]):
        role = "union_admin" if judge == chair else "reviewer"
        with acting(judge.username, "HP0101", role):
            for i, contestant in enumerate(contestants):
                services.score_contestant(
                    actor=judge, event=event, contestant=contestant, score=marks[i][j]
                )
    with acting("chair-a", "HP0101", "union_admin"):
        if judges:  # declared after scoring: that judge's score for the apprentice is excluded
            services.record_conflict(
                actor=chair, user=judges[0], contestant=contestants[0], reason="师徒关系"
            )
        services.publish_results(actor=chair, event=event)


ROUNDS_EVENT = "华强机械数控车工技能比武初决赛"


@scoping_off
def load_rounds(orgs):
    """A contest in rounds: 初赛 (top 3 advance) closed, 决赛 being scored; two weighted
    criteria; the trimmed-mean rule (idempotent)."""
    from gonghui.innovation.demo import ENGINEERS, demo_members
    from gonghui.orgs.models import Employer

    from . import services
    from .models import SkillEvent

    if SkillEvent.objects.filter(name=ROUNDS_EVENT).exists():
        return
    org = orgs["HP0101"]
    people = demo_members(org, Employer.objects.filter(org=org).first())
    chair = User.objects.get(username="chair-a")
    judges = [j for j in (User.objects.filter(username=u).first() for u, _ in ENGINEERS) if j]
    with acting("chair-a", "HP0101", "union_admin"):
        event = services.create_event(
            actor=chair,
            org=org,
            name=ROUNDS_EVENT,
            trade="数控车工",
            venue="一车间实训基地",
            held_on=datetime.date.today() - datetime.timedelta(days=3),
        )
        contestants = [
            services.add_contestant(actor=chair, event=event, member=people[n], number=f"{i:02d}")
            for i, n in enumerate(["张伟", "刘洋", "王磊", "孙丽"], start=1)
        ]
        for judge in [chair, *judges]:
            services.add_judge(actor=chair, event=event, user=judge)
        theory = services.add_criterion(actor=chair, event=event, name="理论知识", weight=30)
        practice = services.add_criterion(
            actor=chair, event=event, name="实际操作", weight=70, max_score=50
        )
        prelim = services.add_round(actor=chair, event=event, stage="preliminary", advance_count=3)
        final = services.add_round(actor=chair, event=event, stage="final")
    sheets = {0: (92, 46), 1: (85, 41), 2: (78, 44), 3: (70, 35)}
    for j, judge in enumerate([chair, *judges]):
        role = "union_admin" if judge == chair else "reviewer"
        with acting(judge.username, "HP0101", role):
            for i, contestant in enumerate(contestants):
                t, p = sheets[i]
                services.score_round(
                    actor=judge,
                    round_=prelim,
                    contestant=contestant,
                    values={theory.pk: t - j, practice.pk: p - j % 2},
                )
    with acting("chair-a", "HP0101", "union_admin"):
        services.close_round(actor=chair, round_=prelim)
        for contestant in contestants[:2]:  # the final is under way: the chair has scored two
            services.score_round(
                actor=chair,
                round_=final,
                contestant=contestant,
                values={theory.pk: 90, practice.pk: 45},
            )
