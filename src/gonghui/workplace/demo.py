"""Demo data: disclosures with questions, a wage-contract cycle for 华强精密机械 (HP0101) and
东湖钢铁 (HP0201), a regional contract of the 新华 street, and a joint commitment.

Idempotent: does nothing once the demo consultation of HP0101 exists. Dates are relative to
today so reminders and overdue steps show whenever the demo is loaded.
"""

import datetime
from decimal import Decimal

from django.utils import timezone

from gonghui.core.demo import acting, scoping_off

from . import policy
from .models import (
    CommitmentCheck,
    Consultation,
    ConsultationRound,
    Contract,
    Disclosure,
    DisclosureCategory,
    DisclosureQuestion,
    JointCommitment,
    Representative,
)
from .services import _judge_posting

MARKER_TITLE = "华强精密机械 2025 年度工资集体协商"
# Demo minutes name the round in words (a figure would read as an untranslated "第 1 轮").
ROUND_WORDS = {1: "首轮", 2: "第二轮", 3: "第三轮", 4: "第四轮", 5: "第五轮"}


def _days(n):
    return timezone.localdate() + datetime.timedelta(days=n)


def _employer(org, name=None):
    from gonghui.orgs.models import Employer

    qs = Employer.objects.filter(org=org)
    if name:
        qs = qs.filter(name=name)
    return qs.order_by("id").first()


def _link_demo_worker(employer):
    """member-a (华强机械会员 张伟) reads 华强's disclosures: make sure a member record links them."""
    from gonghui.core.models import User
    from gonghui.members.models import Member

    user = User.objects.filter(username="member-a").first()
    if user is None or Member.objects.filter(user=user).exists():
        return
    Member.objects.create(
        org=employer.org,
        employer=employer,
        user=user,
        name="张伟",
        gender="M",
        birth_date=datetime.date(1988, 6, 15),
        id_number="110101198806150031",
        join_date=datetime.date(2012, 3, 1),
        card_number="HP0101-DEMO-0001",
    )


def _disclosure(employer, code, title, body, decided, posted, days_up, channels=None):
    d = Disclosure(
        org=employer.org,
        employer=employer,
        category=DisclosureCategory.objects.get(code=code),
        title=title,
        body=body,
        decision_date=decided,
        channels=channels or ["notice_board", "online"],
    )
    if posted is not None:
        d.posted_on, d.display_until, d.status = (
            posted,
            posted + datetime.timedelta(days=days_up - 1),
            "posted",
        )
        _judge_posting(d)
    d.save()
    return d


def _question(d, kind, text, asked, answer=""):
    due = policy.deadline(asked, policy.config.get("workplace.question_answer_days"), d.org).due
    return DisclosureQuestion.objects.create(
        org=d.org,
        disclosure=d,
        kind=kind,
        text=text,
        asked_on=asked,
        due_on=due,
        answer=answer,
        answered_on=asked + datetime.timedelta(days=6) if answer else None,
    )


def _disclosures_huaqiang(e):
    year = timezone.localdate().year
    wages = _disclosure(
        e,
        "wages",
        f"{year} 年度绩效奖金分配方案",
        "经公司经营班子研究并征求工会意见，全年绩效奖金按岗位系数与考核结果分配：\n"
        "一线生产岗位系数 1.2，技术岗位 1.1，管理岗位 1.0。\n"
        "发放时间：次年 1 月工资发放日。",
        _days(-40),
        _days(-38),
        20,
    )
    _disclosure(
        e,
        "safety",
        "二车间冲压线安全整改情况",
        "冲压线光电保护装置已全部更换，安全培训 126 人次，隐患整改率 100%。",
        _days(-70),
        _days(-66),
        12,
    )
    _disclosure(
        e,
        "social_insurance",
        f"{year} 年上半年社会保险费和住房公积金缴纳情况",
        "缴费人数 418 人，缴费基数按上年度职工月平均工资核定，无欠缴。",
        _days(-120),
        _days(-119),
        30,
    )
    _disclosure(
        e,
        "training",
        "数控技能提升培训计划",
        "全年安排数控车、加工中心培训 6 期。",
        _days(-150),
        _days(-148),
        15,
    )
    _disclosure(
        e,
        "awards",
        "年度先进生产者评选名额与推荐结果（征求意见稿）",
        "名额十二名，其中一线职工不少于八名。",
        _days(-2),
        None,
        15,
    )
    _question(
        wages,
        "question",
        "请问试用期员工是否参与绩效奖金分配？",
        _days(-35),
        "试用期员工按在岗月数折算参与分配。",
    )
    _question(wages, "objection", "质检岗位系数应与一线生产岗位相同。", _days(-33))
    _question(wages, "question", "夜班津贴是否计入奖金基数？", _days(-3))


def _disclosures_steel(e):
    _disclosure(
        e,
        "business_plan",
        "2026—2028 年转型升级发展规划",
        "高炉超低排放改造、智能化轧钢产线建设；规划期内不因改造裁减在岗职工。",
        _days(-200),
        _days(-197),
        30,
    )
    _disclosure(
        e,
        "finance",
        "上半年生产经营与财务状况",
        "营业收入同比下降 6%，职工工资总额保持稳定。",
        _days(-110),
        _days(-109),
        20,
    )
    _disclosure(
        e,
        "wages",
        "工资集体协商结果及工资调整方案",
        "职工平均工资增长 5%，最低月工资二千八百元。",
        _days(-60),
        _days(-59),
        20,
    )
    _disclosure(
        e,
        "integrity",
        "企业领导人员廉洁自律情况",
        "领导班子成员业务招待费、公务用车使用情况。",
        _days(-90),
        _days(-89),
        15,
    )


def _consultation(org, employer, title, kind, requested, rounds, chiefs, outcome, concluded):
    c = Consultation.objects.create(
        org=org,
        kind=kind,
        employer=employer,
        employer_party=employer.name,
        title=title,
        requested_on=requested,
        status="agreed",
        outcome=outcome,
        concluded_on=concluded,
    )
    c.covered_employers.set([employer])
    for side, name, position in chiefs:
        Representative.objects.create(
            org=org, consultation=c, side=side, name=name, position=position, is_chief=True
        )
    for number, (held, union, boss, ug, eg) in enumerate(rounds, start=1):
        ConsultationRound.objects.create(
            org=org,
            consultation=c,
            number=number,
            held_on=held,
            union_offer=union,
            employer_offer=boss,
            union_wage_growth=ug,
            employer_wage_growth=eg,
            minutes=f"{ROUND_WORDS[number]}协商，双方首席代表出席，由工会办公室记录。",
        )
    return c


def _contract_in_force(c, title, start, end, tally, signed, filed, published, **wage):
    contract = Contract.objects.create(
        org=c.org,
        kind="wage",
        employer=c.employer,
        employer_party=c.employer_party,
        consultation=c,
        title=title,
        body=c.outcome + "\n（合同全文略）",
        start_date=start,
        end_date=end,
        workers_covered=c.employer.headcount,
        status="draft",
        **wage,
    )
    contract.covered_employers.set([c.employer])
    total, present, votes_for, against = tally
    result = policy.tally(total, present, votes_for, against, c.org)
    contract.approved_on = signed - datetime.timedelta(days=3)
    contract.delegates_total, contract.delegates_present = total, present
    contract.votes_for, contract.votes_against = votes_for, against
    contract.tally_text = result.text
    contract.signed_on, contract.union_signatory, contract.employer_signatory = (
        signed,
        "工会主席",
        "总经理",
    )
    contract.filing_due = policy.deadline(signed, 10, c.org).due
    if filed is not None:
        contract.filed_on, contract.authority = filed, "和平区人力资源和社会保障局"
        contract.review_ends = policy.deadline(filed, 15, c.org).due
        contract.effective_on = contract.review_ends + datetime.timedelta(days=1)
        contract.publish_due = policy.deadline(contract.effective_on, 10, c.org).due
        contract.published_on = published
        contract.status = "in_force"
    else:
        contract.status = "signed"
    contract.save()
    return contract


@scoping_off
def load(orgs):
    if Consultation.objects.filter(title=MARKER_TITLE).exists():
        load_links(orgs)
        return
    huaqiang, steel = _employer(orgs["HP0101"]), _employer(orgs["HP0201"])
    if huaqiang is None or steel is None:
        return
    _link_demo_worker(huaqiang)
    _disclosures_huaqiang(huaqiang)
    _disclosures_steel(steel)

    # 华强: last year's wage contract is in force and expires in 80 days (90-day reminder).
    end = _days(80)
    start = policy.add_months(end + datetime.timedelta(days=1), -12)
    c = _consultation(
        orgs["HP0101"],
        huaqiang,
        MARKER_TITLE,
        "wage",
        start - datetime.timedelta(days=75),
        [
            (
                start - datetime.timedelta(days=60),
                "工资增长 7%，最低工资二千六百元",
                "增长 3%",
                Decimal("7"),
                Decimal("3"),
            ),
            (
                start - datetime.timedelta(days=50),
                "工资增长 5.5%",
                "同意增长 5%，最低工资二千六百元",
                Decimal("5.5"),
                Decimal("5"),
            ),
        ],
        [("union", "陈静", "工会主席"), ("employer", "周建华", "人力资源总监")],
        "职工平均工资增长 5%，最低月工资二千六百元，每月 10 日发放工资。",
        start - datetime.timedelta(days=50),
    )
    _contract_in_force(
        c,
        "华强精密机械有限公司工资专项集体合同",
        start,
        end,
        (85, 72, 66, 3),
        start - datetime.timedelta(days=40),
        start - datetime.timedelta(days=35),
        start - datetime.timedelta(days=12),
        wage_growth_pct=Decimal("5.00"),
        lowest_wage=Decimal("2600.00"),
        pay_day="每月 10 日",
    )

    # 东湖钢铁: this year's wage contract is signed; filing is overdue (signed 14 days ago).
    c2 = _consultation(
        orgs["HP0201"],
        steel,
        "东湖钢铁 2027 年度工资集体协商",
        "wage",
        _days(-60),
        [
            (_days(-45), "工资增长 6%", "增长 3%", Decimal("6"), Decimal("3")),
            (_days(-30), "工资增长 5%", "同意 5%，最低工资二千八百元", Decimal("5"), Decimal("5")),
        ],
        [("union", "郑国华", "工会主席"), ("employer", "马德胜", "总经理")],
        "职工平均工资增长 5%，最低月工资二千八百元，每月 15 日发放工资。",
        _days(-30),
    )
    nxt = _days(36)
    _contract_in_force(
        c2,
        "东湖钢铁集团 2027 年度工资专项集体合同",
        nxt,
        policy.add_months(nxt, 12) - datetime.timedelta(days=1),
        (120, 97, 88, 6),
        _days(-14),
        None,
        None,
        wage_growth_pct=Decimal("5.00"),
        lowest_wage=Decimal("2800.00"),
        pay_day="每月 15 日",
    )
    _regional_and_commitment(orgs, steel)
    load_links(orgs)


def _regional_and_commitment(orgs, steel):
    street = orgs["HP01"]
    covered = [e for e in (_employer(orgs["HP0102"]), _employer(street)) if e is not None]
    if covered:
        start = _days(-300)
        regional = Contract.objects.create(
            org=street,
            kind="general",
            coverage="regional",
            employer_party="新华街道企业联合会",
            title="新华街道小微企业区域性集体合同",
            body="工时、休息休假、劳动安全卫生、女职工特殊保护等事项（全文略）。",
            start_date=start,
            end_date=policy.add_months(start, 36) - datetime.timedelta(days=1),
            workers_covered=sum(e.headcount for e in covered),
            status="in_force",
            approved_on=start - datetime.timedelta(days=40),
            signed_on=start - datetime.timedelta(days=35),
            filed_on=start - datetime.timedelta(days=30),
            effective_on=start - datetime.timedelta(days=14),
            published_on=start - datetime.timedelta(days=10),
        )
        regional.covered_employers.set(covered)
    jc = JointCommitment.objects.create(
        org=steel.org,
        employer=steel,
        title="东湖钢铁“共渡难关”稳岗稳薪共同约定",
        pledges=["keep_jobs", "pay_on_time", "train"],
        details="产线改造期间富余人员转岗培训，不进行经济性裁员；工资按月足额发放。",
        start_date=_days(-180),
        end_date=_days(185),
        signed_on=_days(-185),
        union_signatory="郑国华",
        employer_signatory="马德胜",
    )
    CommitmentCheck.objects.create(
        org=steel.org,
        commitment=jc,
        checked_on=_days(-90),
        kept=True,
        findings="转岗培训八十六人，无裁员，工资按时发放。",
    )


RESOLUTION_CONTRACT = "东湖钢铁集团综合性集体合同（2027—2029）"
# The scrutineers' passphrases of the demo's paper vote (demo data only).
DEMO_KEYS = ("demo-chief-pass", "demo-member-pass")


@scoping_off
def load_links(orgs):
    """J11 and the tracked commitment: 东湖钢铁's congress counts the paper vote on the general
    contract draft (entered by the chair, confirmed by the district), and the draft takes its
    vote from that resolution; the joint commitment has workers covered and targets with
    figures (idempotent)."""
    from gonghui.assemblies import services as congress_services
    from gonghui.assemblies.demo import CONGRESS_NAME
    from gonghui.assemblies.models import Session
    from gonghui.core.models import User

    from . import services

    _commitment_figures()
    if Contract.objects.filter(title=RESOLUTION_CONTRACT).exists():
        return
    session = Session.objects.filter(congress__name=CONGRESS_NAME, status="open").first()
    org = orgs["HP0201"]
    steel = session.congress.employer if session is not None else None
    if steel is None:
        return
    chair = User.objects.get(username="chair-dh")
    district = User.objects.get(username="district")

    with acting(chair.username, org.code):
        poll = congress_services.create_poll(
            actor=chair,
            session=session,
            kind="resolution",
            title="审议通过东湖钢铁集团综合性集体合同草案",
            method="paper",
            is_secret=False,
        )
        keys = {
            "chief": ("郑国华", DEMO_KEYS[0]),
            "members": [("邓小梅", DEMO_KEYS[1]), ("陈刚", DEMO_KEYS[1] + "-2")],
        }
        congress_services.open_poll(actor=chair, poll=poll, **keys)
        unlock = dict(zip(("chief_passphrase", "member_passphrase"), DEMO_KEYS, strict=True))
        poll = congress_services.close_poll(actor=chair, poll=poll, **unlock)
        congress_services.enter_tally(
            actor=chair, poll=poll, counts={"yes": 14, "no": 1, "abstain": 1}
        )
    with acting(district.username, "HP"):
        poll = congress_services.confirm_tally(actor=district, poll=poll)
    with acting(chair.username, org.code):
        contract = services.draft_contract(
            actor=chair,
            org=org,
            kind="general",
            coverage="enterprise",
            employer=steel,
            employer_party=steel.name,
            title=RESOLUTION_CONTRACT,
            body="劳动报酬、工作时间、休息休假、劳动安全卫生、保险福利、女职工特殊保护等（全文略）。",
            start_date=_days(60),
            end_date=policy.add_months(_days(60), 36) - datetime.timedelta(days=1),
            workers_covered=steel.headcount or 0,
        )
        services.link_resolution(actor=chair, contract=contract, poll=poll)


def _commitment_figures():
    from .models import CommitmentTarget

    jc = JointCommitment.objects.filter(title__startswith="东湖钢铁“共渡难关”").first()
    if jc is None or CommitmentTarget.objects.filter(commitment=jc).exists():
        return
    jc.workers_covered = 2860
    jc.save(update_fields=["workers_covered"])
    for name, unit, target, actual in (
        ("稳定岗位", "人", 2860, 2851),
        ("转岗培训", "人次", 120, 86),
        ("工资按时足额发放", "个月", 12, 6),
    ):
        CommitmentTarget.objects.create(
            org=jc.org,
            commitment=jc,
            name=name,
            unit=unit,
            target_value=target,
            actual_value=actual,
            updated_on=_days(-30),
        )
