"""Demo: the 东湖钢铁 (HP0201) workers' congress with 20 delegates, a session with documents,
a contract vote and a 9-candidates-for-7-seats election ready to run, and a few proposals.
Idempotent: nothing is added when the congress exists."""

import datetime

from django.utils import timezone
from stdnum.cn import ric

from gonghui.core.access import scope_for_assignment
from gonghui.core.demo import demo_login, scoping_off
from gonghui.core.roles import Role
from gonghui.core.scoping import activate
from gonghui.members.models import Member

CONGRESS_NAME = "东湖钢铁集团第三届职工代表大会"

# name, gender, constituency, manager, front-line, presidium
DELEGATES = [
    ("马建军", "M", "炼铁厂", False, True, True),
    ("王秀英", "F", "炼铁厂", False, True, False),
    ("刘志强", "M", "炼铁厂", False, True, False),
    ("李红梅", "F", "炼钢厂", False, True, True),
    ("杨立新", "M", "炼钢厂", True, False, True),
    ("张国庆", "M", "炼钢厂", False, True, False),
    ("陈晓燕", "F", "炼钢厂", False, True, False),
    ("周海波", "M", "轧钢厂", False, True, True),
    ("赵丽娟", "F", "轧钢厂", False, True, False),
    ("黄德明", "M", "轧钢厂", False, True, False),
    ("吴建华", "M", "轧钢厂", True, False, False),
    ("徐春梅", "F", "能源动力厂", False, True, False),
    ("孙卫东", "M", "能源动力厂", False, True, False),
    ("胡玉兰", "F", "能源动力厂", False, True, False),
    ("朱永平", "M", "集团机关", True, False, True),
    ("高秀珍", "F", "集团机关", False, False, False),
    ("林海涛", "M", "运输部", False, True, False),
    ("何小军", "M", "运输部", False, True, False),
    ("郭淑芬", "F", "质检中心", False, True, False),
    ("罗志刚", "M", "质检中心", False, True, False),
]
CANDIDATES = [
    "郑国华",
    "邓小梅",
    "马建军",
    "李红梅",
    "周海波",
    "杨立新",
    "赵丽娟",
    "黄德明",
    "王秀英",
]


def _id_number(i):
    body = f"420106{1975 + i}0{1 + i % 9}1{i % 10}{900 + i:03d}"[:17]
    return body + ric.calc_check_digit(body)


def _members(org, employer):
    members = []
    for i, (name, gender, *_rest) in enumerate(DELEGATES):
        card = f"DHGT-DEL-{i + 1:03d}"
        member = Member.objects.filter(card_number=card).first()
        if member is None:
            member = Member.objects.create(
                org=org,
                employer=employer,
                name=name,
                gender=gender,
                birth_date=datetime.date(1975 + i, 1 + i % 9, 10 + i % 10),
                id_number=_id_number(i),
                phone=f"1380271{i:04d}",
                join_date=datetime.date(2005 + i % 10, 3, 1),
                card_number=card,
            )
        members.append(member)
    return members


def _delegate_login(org, member):
    user, _assignment = demo_login("delegate", f"东湖钢铁职工代表 {member.name}", org, Role.MEMBER)
    if member.user_id is None:
        member.user = user
        member.save()
    return user


def _chair(org):
    return demo_login("chair-dh", "东湖钢铁工会主席 郑国华", org, Role.UNION_ADMIN)


@scoping_off
def load_demo(orgs):
    from gonghui.assemblies import services
    from gonghui.assemblies.models import Congress
    from gonghui.orgs.models import Employer

    org = orgs["HP0201"]
    if Congress.objects.filter(org=org, name=CONGRESS_NAME).exists():
        return
    employer = Employer.objects.filter(org=org).first()
    members = _members(org, employer)
    chair, assignment = _chair(org)
    _delegate_login(org, members[0])
    with activate(scope_for_assignment(assignment)):
        _build(services, org, employer, members, chair)


def _build(services, org, employer, members, chair):
    congress = services.create_congress(
        actor=chair,
        org=org,
        kind="workers",
        name=CONGRESS_NAME,
        employer=employer,
        term_number=3,
        term_start=datetime.date(2024, 4, 26),
        term_years=5,
        seats=20,
        workforce_women_percent=28,
    )
    constituencies = {}
    delegates = []
    for member, (_n, _g, unit, manager, frontline, presidium) in zip(
        members, DELEGATES, strict=True
    ):
        if unit not in constituencies:
            constituencies[unit] = services.add_constituency(
                actor=chair, congress=congress, name=unit, seats=4
            )
        delegates.append(
            services.add_delegate(
                actor=chair,
                congress=congress,
                member=member,
                constituency=constituencies[unit],
                is_manager=manager,
                is_frontline=frontline,
                in_presidium=presidium,
                elected_on=datetime.date(2024, 4, 10),
                election_record="应到四十八人，实到四十六人，得票四十一",
            )
        )
    starts = timezone.localtime().replace(
        hour=9, minute=0, second=0, microsecond=0
    ) + datetime.timedelta(days=1)
    session = services.create_session(
        actor=chair,
        congress=congress,
        number=2,
        title="东湖钢铁三届二次职代会",
        starts_at=starts,
        venue="集团职工活动中心二楼礼堂",
        agenda=[
            "听取并审议集团工作报告",
            "审议集团集体合同草案",
            "审议下年度工资专项集体合同草案",
            "选举工会委员会委员",
            "代表提案办理情况报告",
        ],
    )
    for title in ("集团集体合同草案", "下年度工资专项集体合同草案"):
        doc = services.add_document(
            actor=chair, session=session, title=title, body="草案全文已印发各代表团讨论。"
        )
        services.release_document(actor=chair, document=doc, at=starts - datetime.timedelta(days=8))
    services.add_document(actor=chair, session=session, title="集团工作报告", release=True)
    services.open_session(actor=chair, session=session)
    for delegate in delegates[1:17]:
        services.check_in_delegate(actor=chair, session=session, delegate=delegate)
    services.create_poll(
        actor=chair,
        session=session,
        kind="resolution",
        title="表决通过集团集体合同草案",
        agenda_item=session.agenda.get(position=2),
    )
    services.create_poll(
        actor=chair,
        session=session,
        kind="election",
        title="工会委员会委员",
        seats=7,
        candidates=[(name, None) for name in CANDIDATES],
        agenda_item=session.agenda.get(position=4),
    )
    proposal = services.submit_proposal(
        actor=chair,
        delegate=delegates[1],
        title="关于延长夜班食堂供餐时间的提案",
        body="夜班职工 22 点后无处就餐，建议食堂延长供餐至 24 点。",
        cosigners=delegates[2:4],
    )
    services.handle_proposal(actor=chair, proposal=proposal, action="accept")
    services.handle_proposal(
        actor=chair, proposal=proposal, action="assign", department="后勤服务部"
    )
    services.submit_proposal(
        actor=chair,
        delegate=delegates[7],
        title="关于增设高温岗位休息室的提案",
        body="轧钢厂高温岗位夏季缺少降温休息场所。",
        cosigners=delegates[8:10],
    )
