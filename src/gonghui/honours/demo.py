"""Demo data: the district's award types (the former fixed list plus 劳模创新工作室) and a street
award of 新华街道 (HP01); a district May Day medal round run level by level: 华强精密机械 (HP0101)
nominates, 新华街道 reviews and recommends; 东湖街道 (HP02) nominates 东湖钢铁's people directly
(no street stage); 鑫达物流 (HP0102)'s nominee was returned by the street for more material and,
resubmitted, waits for the street's review again. The district's review round scores them (a
judge from 华强 recused automatically from 华强's nominees); the district's reviewer approves two:
one awarded with a certificate, one in public notice with an open objection."""

import datetime
from decimal import Decimal

from django.utils import timezone
from stdnum.cn import ric

from gonghui.core.access import scope_for_assignment
from gonghui.core.demo import scoping_off
from gonghui.core.models import RoleAssignment, User
from gonghui.core.scoping import activate

TITLE = "2026 年度和平区五一劳动奖章评选"

DISTRICT_EXTRA_TYPES = [
    ("model_studio", "劳模创新工作室", "team", "以劳动模范命名、带动职工技术创新的工作室"),
]
STREET_TYPE = ("street_activist", "新华街道优秀工会积极分子", "individual")

# org code, name, gender, birth, card, employment, frontline, head, deeds
NOMINEES = [
    (
        "HP0101",
        "张伟",
        "M",
        "19860312",
        "HON-DEMO-01",
        True,
        False,
        "焊接车间班组长，带领班组攻克薄板焊接变形难题，返工率由 6% 降至 1.2%，年节约成本 18 万元。",
    ),
    (
        "HP0101",
        "李娜",
        "F",
        "19900718",
        "HON-DEMO-02",
        True,
        False,
        "数控车工，获市技能比武一等奖，带徒十二人，其中五人取得高级工证书。",
    ),
    (
        "HP0201",
        "王建军",
        "M",
        "19790225",
        "HON-DEMO-03",
        True,
        False,
        "炼钢厂炉长，牵头转炉余热回收改造，年节约标煤 3200 吨，连续 8 年安全生产无事故。",
    ),
    (
        "HP0201",
        "刘志强",
        "M",
        "19720909",
        "HON-DEMO-04",
        False,
        True,
        "集团总经理，推动企业转型升级，建立职工创新工作室 6 个，职工收入年均增长 7%。",
    ),
    (
        "HP0102",
        "孙丽",
        "F",
        "19920405",
        "HON-DEMO-06",
        True,
        False,
        "物流分拣班长，牵头优化分拣流程，日处理量提升 30%。",
    ),
    (
        "HP0201",
        "赵秀英",
        "F",
        "19831120",
        "HON-DEMO-05",
        False,
        False,
        "质检中心主任工程师，主持制定企业标准 9 项，产品一次合格率提升至 99.3%。",
    ),
]


def _id_number(seq, birth):
    body = f"320102{birth}{seq:03d}"
    return body + ric.calc_check_digit(body)


def _member(orgs, code, name, gender, birth, card, seq):
    from gonghui.members.models import Member
    from gonghui.orgs.models import Employer

    # Reuse the members demo's person of that name in that union (张伟 is member-a's login).
    member = (
        Member.objects.filter(card_number=card).first()
        or Member.objects.filter(org=orgs[code], name=name).order_by("id").first()
    )
    if member is None:
        employer = Employer.objects.filter(org=orgs[code]).order_by("id").first()
        member = Member.objects.create(
            org=orgs[code],
            employer=employer,
            name=name,
            gender=gender,
            birth_date=datetime.date(int(birth[:4]), int(birth[4:6]), int(birth[6:])),
            id_number=_id_number(700 + seq, birth),
            phone=f"1380000{7000 + seq:04d}",
            join_date=datetime.date(2010, 5, 1),
            card_number=card,
        )
    return member


def _acting(username, org):
    """(user, scope): ``with activate(scope)`` acts as ``username`` in their role at ``org``."""
    user = User.objects.get(username=username)
    assignment = RoleAssignment.objects.filter(user=user, org=org).order_by("id").first()
    return user, scope_for_assignment(assignment)


@scoping_off
def load_award_types(orgs):
    """The district's award types and one street award (idempotent)."""
    from . import services
    from .models import AwardType

    admin, scope = _acting("district", orgs["HP"])
    with activate(scope):
        services.ensure_default_award_types(actor=admin, org=orgs["HP"])
        for code, name, kind, description in DISTRICT_EXTRA_TYPES:
            # unscoped: past the acting login's scope
            if not AwardType.unscoped.filter(org=orgs["HP"], code=code).exists():
                services.create_award_type(
                    actor=admin,
                    org=orgs["HP"],
                    code=code,
                    name=name,
                    nominee_kind=kind,
                    description=description,
                )
    street, scope = _acting("street", orgs["HP01"])
    code, name, kind = STREET_TYPE
    with activate(scope):
        # unscoped: past the acting login's scope
        if not AwardType.unscoped.filter(org=orgs["HP01"], code=code).exists():
            services.create_award_type(
                actor=street, org=orgs["HP01"], code=code, name=name, nominee_kind=kind
            )


@scoping_off
def load(orgs):
    from gonghui.orgs.models import Employer

    from . import services
    from .models import AwardRound, AwardType

    load_award_types(orgs)
    load_pioneer(orgs)
    if AwardRound.objects.filter(title=TITLE).exists():
        return
    admin, admin_scope = _acting("district", orgs["HP"])
    today = timezone.localdate()
    medal = AwardType.objects.get(org=orgs["HP"], code="may_day_medal")
    with activate(admin_scope):
        round_ = services.create_round(
            actor=admin,
            award_type=medal,
            year=2026,
            title=TITLE,
            quota=3,
            nomination_deadline=today - datetime.timedelta(days=40),
            review_deadline=today + datetime.timedelta(days=10),
        )
        criteria = [
            services.add_criterion(actor=admin, round_=round_, name=name, weight=w)
            for name, w in (
                ("工作业绩", Decimal(40)),
                ("创新贡献", Decimal(30)),
                ("职业道德与示范作用", Decimal(30)),
            )
        ]
        # unscoped: past the acting login's scope
        huaqiang = Employer.unscoped.filter(org=orgs["HP0101"]).order_by("id").first()
        judges = [
            services.add_judge(
                actor=admin, round_=round_, user=User.objects.get(username="reviewer")
            ),
            services.add_judge(actor=admin, round_=round_, user=admin),
            services.add_judge(
                actor=admin,
                round_=round_,
                user=User.objects.get(username="street"),
                employer=huaqiang,
            ),
        ]
    # Who nominates: the grassroots union's chair where there is a demo login, else the street
    # union itself (东湖街道 nominates 东湖钢铁's people directly: no street stage).
    nominators = {"HP0101": ("chair-a", "HP0101"), "HP0102": ("chair-b", "HP0102")}
    nominations = []
    for seq, (code, name, gender, birth, card, front, head, deeds) in enumerate(NOMINEES):
        member = _member(orgs, code, name, gender, birth, card, seq)
        username, org_code = nominators.get(code, ("district", "HP02"))
        user, scope = _acting(username, orgs[org_code if username != "district" else "HP"])
        with activate(scope):
            nominations.append(
                services.submit_nomination(
                    actor=user,
                    round_=round_,
                    org=orgs[org_code],
                    member=member,
                    deeds=deeds,
                    is_frontline=front,
                    is_enterprise_head=head,
                    today=round_.nomination_deadline,
                )
            )
    zhang, li, wang, liu, sun, zhao = nominations
    street, street_scope = _acting("street", orgs["HP01"])
    with activate(street_scope):
        for n in (zhang, li):
            services.review(
                actor=street, nomination=n, decision="street_approve", reason="事迹突出，同意推荐"
            )
        services.review(
            actor=street,
            nomination=sun,
            decision="street_return",
            reason="请补充所在单位党组织意见和近三年考核结果",
        )
    # 鑫达物流 adds the material and sends it back: it waits for 新华街道's review again.
    chair_b, chair_b_scope = _acting("chair-b", orgs["HP0102"])
    with activate(chair_b_scope):
        services.resubmit(actor=chair_b, nomination=sun, reason="已补充单位党组织意见和考核结果")
    with activate(admin_scope):
        services.start_review(actor=admin, round_=round_)
    _score(admin, judges, criteria, [zhang, li, wang, liu, zhao])
    reviewer, reviewer_scope = _acting("reviewer", orgs["HP"])
    with activate(reviewer_scope):
        for n in (wang, zhang):
            services.review(actor=reviewer, nomination=n, decision="approve")
    with activate(admin_scope):
        services.publish_notice(
            actor=admin, nomination=wang, start=today - datetime.timedelta(days=25)
        )
        services.award(actor=admin, nomination=wang)
        services.publish_notice(
            actor=admin, nomination=zhang, start=today - datetime.timedelta(days=1)
        )
    services.raise_objection(
        nomination_id=zhang.pk,
        public_key=round_.public_key,
        text="反映该同志所在班组去年曾发生一起轻微安全事故，请核实是否影响评选资格。",
        contact_name="一名职工",
    )


def _score(admin, judges, criteria, nominations):
    from . import services
    from .models import Recusal

    table = [(92, 88, 90), (90, 93, 86), (95, 96, 94), (85, 80, 82), (88, 84, 90)]
    for offset, judge in enumerate(judges):
        assignment = RoleAssignment.objects.filter(user=judge.user).order_by("id").first()
        with activate(scope_for_assignment(assignment)):
            for nomination, values in zip(nominations, table, strict=True):
                if Recusal.objects.filter(judge=judge, nomination=nomination).exists():
                    continue
                services.record_scores(
                    actor=judge.user,
                    nomination=nomination,
                    values={
                        c.id: Decimal(v + offset - 1) for c, v in zip(criteria, values, strict=True)
                    },
                )


PIONEER_TITLE = "2026 年度区级工人先锋号评选"
PIONEER_TEAM = "东湖钢铁能源中心余热班"


@scoping_off
def load_pioneer(orgs):
    """J8: a 工人先锋号 round whose nomination was picked from the energy-saving competition's
    ranking (the team linked, nothing re-typed) (idempotent)."""
    from gonghui.contests.models import Team

    from . import contest_sources, services
    from .models import AwardRound, AwardType

    if AwardRound.objects.filter(title=PIONEER_TITLE).exists():
        return
    team = Team.objects.filter(name=PIONEER_TEAM).select_related("campaign", "unit").first()
    admin, scope = _acting("district", orgs["HP"])
    pioneer = AwardType.objects.filter(org=orgs["HP"], code="worker_pioneer").first()
    if team is None or pioneer is None:
        return
    today = timezone.localdate()
    with activate(scope):
        round_ = services.create_round(
            actor=admin,
            award_type=pioneer,
            year=2026,
            title=PIONEER_TITLE,
            quota=5,
            nomination_deadline=today + datetime.timedelta(days=20),
        )
        initial = contest_sources.prefill(round_, team_id=team.pk)
        services.submit_nomination(
            actor=admin,
            round_=round_,
            org=team.unit,
            nominee_name=initial["nominee_name"],
            employer=team.unit.employers.order_by("id").first(),
            reference=initial["reference"],
            deeds=initial["deeds"] + "余热回收改造年节能 600 余吨标煤，全年零事故。",
            source_team=team,
        )
