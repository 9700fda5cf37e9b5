"""Demo data: a district May Day medal round with nominations from 华强精密机械 (HP0101) and
东湖钢铁 (HP0201): one awarded with a certificate, one in public notice with an open objection,
the others under review; a judge from 华强 recused automatically from 华强's nominees."""

import datetime
from decimal import Decimal

from django.utils import timezone
from stdnum.cn import ric

from gonghui.core.access import scope_for_assignment
from gonghui.core.models import RoleAssignment, User
from gonghui.core.scoping import activate

TITLE = "2026 年度和平区五一劳动奖章评选"

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
        "数控车工，获市技能比武一等奖，带徒 12 人，其中 5 人取得高级工证书。",
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
        Member.unscoped.filter(card_number=card).first()
        or Member.unscoped.filter(org=orgs[code], name=name).order_by("id").first()
    )
    if member is None:
        employer = Employer.unscoped.filter(org=orgs[code]).order_by("id").first()
        member = Member.unscoped.create(
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


def load(orgs):
    from gonghui.orgs.models import Employer

    from . import services
    from .models import AwardRound, AwardType

    if AwardRound.unscoped.filter(title=TITLE).exists():
        return
    admin = User.objects.get(username="district")
    assignment = RoleAssignment.objects.get(user=admin, org=orgs["HP"], role="district_admin")
    today = timezone.localdate()
    with activate(scope_for_assignment(assignment)):
        round_ = services.create_round(
            actor=admin,
            org=orgs["HP"],
            year=2026,
            award_type=AwardType.MAY_DAY_MEDAL,
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
        nominations = []
        for seq, (code, name, gender, birth, card, front, head, deeds) in enumerate(NOMINEES):
            member = _member(orgs, code, name, gender, birth, card, seq)
            nominations.append(
                services.submit_nomination(
                    actor=admin,
                    round_=round_,
                    org=orgs[code],
                    member=member,
                    deeds=deeds,
                    is_frontline=front,
                    is_enterprise_head=head,
                    today=round_.nomination_deadline,
                )
            )
        services.start_review(actor=admin, round_=round_)
        _score(admin, judges, criteria, nominations)
        awarded, noticed = nominations[2], nominations[0]
        services.publish_notice(
            actor=admin, nomination=awarded, start=today - datetime.timedelta(days=25)
        )
        services.award(actor=admin, nomination=awarded)
        services.publish_notice(
            actor=admin, nomination=noticed, start=today - datetime.timedelta(days=1)
        )
    services.raise_objection(
        nomination_id=noticed.pk,
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
