"""Demo proposals in 华强精密机械 (HP0101) at every stage, including journey 7: a welder's fixture
proposal with ¥180,000 confirmed benefit and its reward from the band table."""

import datetime
from decimal import Decimal

from stdnum.cn import ric

from gonghui.core.demo import acting, demo_login, scoping_off
from gonghui.core.models import User

PEOPLE = [  # name, gender, login (None: no login)
    ("张伟", "M", "member-a"),
    ("刘洋", "M", None),
    ("王磊", "M", None),
    ("赵军", "M", None),
    ("孙丽", "F", None),
    ("周建华", "M", None),
]
ENGINEERS = [
    ("engineer-1", "华强机械技术部 高工 马骏"),
    ("engineer-2", "华强机械质量部 工程师 林涛"),
]


def _id_number(seq, gender):
    body = (
        f"3201021985{(seq % 12) + 1:02d}{(seq % 27) + 1:02d}{(seq * 2 + (gender == 'M')) % 10 + 80}"
    )
    return body + ric.calc_check_digit(body)


def demo_members(org, employer):
    """Members of HP0101 used by the engagement demos (reuses those the members demo made)."""
    from gonghui.members.models import Member

    result = {}
    for seq, (name, gender, login) in enumerate(PEOPLE, start=1):
        user = User.objects.filter(username=login).first() if login else None
        member = Member.objects.filter(user=user).first() if user else None
        member = member or Member.objects.filter(org=org, name=name).first()
        if member is None:
            member = Member.objects.create(
                org=org,
                employer=employer,
                user=user,
                name=name,
                gender=gender,
                birth_date=datetime.date(1985, (seq % 12) + 1, (seq % 27) + 1),
                id_number=_id_number(seq, gender),
                phone=f"139{seq:08d}",
                join_date=datetime.date(2012, 3, 1),
                card_number=f"HQ-GH-{seq:04d}",
            )
        result[name] = member
    return result


@scoping_off
def load(orgs):
    from gonghui.orgs.models import Employer

    from . import services
    from .models import Proposal, Review

    org = orgs["HP0101"]
    if Proposal.objects.filter(org__path__startswith=org.path).exists():
        return
    employer = Employer.objects.filter(org=org).first()
    people = demo_members(org, employer)
    chair = User.objects.get(username="chair-a")
    engineers = [demo_login(u, n, org, "reviewer")[0] for u, n in ENGINEERS]

    def submit(name, kind, title, problem, solution, benefit, note=""):
        with acting(chair.username, org.code, "union_admin"):
            return services.submit_proposal(
                actor=chair,
                author=people[name],
                kind=kind,
                title=title,
                problem=problem,
                solution=solution,
                expected_benefit=Decimal(benefit),
                difference_note=note,
            )

    def review(proposal, marks):
        with acting(chair.username, org.code, "union_admin"):
            services.triage_proposal(actor=chair, proposal=proposal, department="技术部")
            services.assign_reviewers(actor=chair, proposal=proposal, reviewers=engineers)
        for engineer, values in zip(engineers, marks, strict=True):
            r = Review.objects.get(proposal=proposal, reviewer=engineer)
            ids = [c.pk for c in r.rubric.criteria.all()]
            with acting(engineer.username, org.code, "reviewer"):
                services.submit_review(
                    actor=engineer,
                    review=r,
                    scores=dict(zip(ids, values, strict=True)),
                    comment="方案可行，建议推广",
                )

    def adopt(proposal, reason, owner, days):
        """Adopted, and its implementation started (due in ``days``); inside the chair's block."""
        services.decide(actor=chair, proposal=proposal, adopt=True, reason=reason)
        services.start_implementation(
            actor=chair,
            proposal=proposal,
            owner=owner,
            due=datetime.date.today() + datetime.timedelta(days=days),
        )

    fixture = submit(
        "张伟",
        "rationalisation",
        "焊接工装夹具快速定位改进",
        "结构件焊接时靠划线定位，返工率约 6%，每月返工工时约 300 小时。",
        "在夹具上加装可调定位销和快换压板，按图纸一次定位，无需划线。",
        "150000",
    )
    review(fixture, [[9, 8, 9, 7], [8, 9, 9, 8]])
    with acting(chair.username, org.code, "union_admin"):
        services.decide(actor=chair, proposal=fixture, adopt=True, reason="减少返工，效益明显")
        services.start_implementation(
            actor=chair,
            proposal=fixture,
            owner="技术部 马骏",
            due=datetime.date.today() - datetime.timedelta(days=200),
        )
        services.update_implementation(
            actor=chair, proposal=fixture, status="done", note="已在一、二车间全部焊接工位推广"
        )
        services.confirm_benefit(
            actor=chair,
            proposal=fixture,
            actual_benefit="180000",
            basis="返工率由 6% 降至 1.5%，按一年返工工时与材料测算",
        )
        services.approve_reward(actor=chair, proposal=fixture)
        services.record_payment(
            actor=chair,
            proposal=fixture,
            reference="工会财务 2026-118",
            paid_on=datetime.date.today() - datetime.timedelta(days=10),
        )

    coolant = submit(
        "刘洋",
        "innovation",
        "数控车床冷却液循环过滤再利用",
        "冷却液每月更换一次，废液处理费用高。",
        "加装磁性分离和纸带过滤装置，冷却液循环使用，三个月更换一次。",
        "60000",
    )
    review(coolant, [[7, 8, 7, 6], [8, 7, 8, 7]])

    # Waiting for both engineers' marks: what engineer-1 and engineer-2 find on their home page.
    heat = submit(
        "刘洋",
        "rationalisation",
        "空压机余热回收用于车间供暖",
        "空压机运行时大量热量直接排放，冬季车间供暖另耗天然气。",
        "加装板式换热器回收空压机余热，冬季接入车间暖风系统。",
        "80000",
    )
    with acting(chair.username, org.code, "union_admin"):
        services.triage_proposal(actor=chair, proposal=heat, department="设备科")
        services.assign_reviewers(actor=chair, proposal=heat, reviewers=engineers)

    led = submit(
        "王磊",
        "five_smalls",
        "车间照明改 LED 分区控制",
        "车间高压钠灯全天常亮，耗电大。",
        "更换 LED 灯具并按工位分区设开关和光感控制。",
        "45000",
    )
    review(led, [[6, 9, 8, 8], [7, 9, 7, 8]])
    with acting(chair.username, org.code, "union_admin"):
        adopt(led, "投资小见效快", "设备科 周建华", 60)
        services.update_implementation(
            actor=chair, proposal=led, status="in_progress", note="一车间已完成改造"
        )

    canteen = submit(
        "赵军", "rationalisation", "食堂中午排队时间太长", "中午下班后排队 20 分钟以上。", "", "0"
    )
    with acting(chair.username, org.code, "union_admin"):
        services.record_as_opinion(
            actor=chair, proposal=canteen, reason="没有具体改进办法，转行政部参考"
        )

    submit(
        "孙丽",
        "rationalisation",
        "薄板件焊接夹具定位改进",
        "薄板件焊接后变形，现有夹具压不住。",
        "增加多点柔性压紧块，防止薄板焊接变形。",
        "30000",
        note="针对 3 毫米以下薄板件的变形问题，与已有的定位销改进不同",
    )

    gearbox = submit(
        "周建华",
        "key_problem",
        "大型齿轮箱装配异响攻关",
        "出厂试验时约 4% 的齿轮箱有异响。",
        "组建攻关小组，从齿面修形和装配工艺入手排查。",
        "300000",
    )
    review(gearbox, [[9, 7, 9, 9], [9, 8, 8, 9]])
    with acting(chair.username, org.code, "union_admin"):
        adopt(gearbox, "列为公司年度攻关项目", "攻关小组 周建华", 120)
        today = datetime.date.today()
        first = services.add_milestone(
            actor=chair,
            proposal=gearbox,
            title="异响原因排查",
            due=today - datetime.timedelta(days=30),
        )
        services.complete_milestone(
            actor=chair, milestone=first, done_on=today, result="确定为齿面接触区偏移"
        )
        services.add_milestone(
            actor=chair,
            proposal=gearbox,
            title="修形方案试制",
            due=today + datetime.timedelta(days=60),
        )
