"""Demo organising work: employers without a union in both streets, one with 80 workers that the
street's organiser visits, a founding waiting for the district's consent, a small shop, and the
overdue 鑫达物流 union's term-change plan waiting for the street's approval."""

import datetime

from gonghui.core.demo import acting, credit_code, scoping_off
from gonghui.core.models import User

# org code, name, industry, ownership, headcount
TARGETS = [
    ("HP01", "新华智能装备有限公司", "manufacturing", "private", 80),
    ("HP01", "新华优品连锁超市有限公司", "retail", "private", 46),
    ("HP01", "新华快修汽车服务部", "other", "private", 12),
    ("HP02", "东湖绿色食品加工有限公司", "manufacturing", "private", 130),
    ("HP02", "东湖云联网络科技有限公司", "it", "private", 58),
]


@scoping_off
def load(orgs):
    from gonghui.orgs.models import Employer

    from .models import Prospect

    employers = []
    for i, (code, name, industry, ownership, headcount) in enumerate(TARGETS, start=1):
        employer, _created = Employer.objects.get_or_create(
            credit_code=credit_code(5000 + i),
            defaults={"org": orgs[code], "name": name, "industry": industry,
                      "ownership": ownership, "headcount": headcount,
                      "address": f"和平区{name[:2]}大道 {i * 11} 号"},
        )  # fmt: skip
        employers.append(employer)
    if Prospect.objects.exists():
        return
    _work(employers)
    _term_change()


def _work(employers):
    from .services import foundings, prospects

    street = User.objects.get(username="street")
    today = datetime.date.today()
    with acting("street", "HP01"):
        prospects.assign_organiser(
            actor=street, employer=employers[0], organiser=street,
            next_visit_on=today + datetime.timedelta(days=3),
        )  # fmt: skip
        prospects.record_visit(
            actor=street, employer=employers[0], kind="visit",
            visited_on=today - datetime.timedelta(days=4), contact_name="人事部 王经理",
            summary="宣讲《工会法》，企业负责人同意支持建会，约定下周召开职工座谈会。",
            next_visit_on=today + datetime.timedelta(days=3),
        )  # fmt: skip
        prospects.record_visit(
            actor=street, employer=employers[1], kind="phone", visited_on=today,
            summary="电话联系店长，约定上门走访时间。",
        )  # fmt: skip
        founding = foundings.start_founding(
            actor=street, employer=employers[0], union_name="新华智能装备有限公司工会",
            committee="组长 张明（行政部经理）；成员 李华、王芳", contact="张明",
        )  # fmt: skip
        foundings.request_consent(actor=street, founding=founding)


def _term_change():
    from .services import terms

    chair = User.objects.get(username="chair-b")
    with acting("chair-b", "HP0102"):
        from gonghui.orgs.models import Org

        change = terms.draft_term_change(
            actor=chair, org=Org.objects.get(code="HP0102"),
            plan="召开全体会员大会，以无记名投票差额选举产生第二届工会委员会。",
            candidates=[{"name": "周涛", "position": "chair"},
                        {"name": "何敏", "position": "vice_chair"},
                        {"name": "郭峰", "position": "member"},
                        {"name": "罗娟", "position": "member"}],
            seats=3, years=5, election_on=datetime.date.today() + datetime.timedelta(days=30),
        )  # fmt: skip
        terms.submit_plan(actor=chair, change=change)
