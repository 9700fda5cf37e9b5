"""Demo data: three households of 华强精密机械 (HP0101) at different stages, the 低保 table,
a 送温暖 cycle with a budget and its approved list, and a 金秋助学 cycle. Fictional people."""

import datetime

from django.core.files.base import ContentFile

from gonghui.core import demo
from gonghui.core.demo import acting, scoping_off
from gonghui.core.models import User
from gonghui.core.text.idnumbers import make_id_number

MARK = "DEMO-KN"


def _member(org, n, name, gender, birth):
    from gonghui.members.models import Member

    member, _ = Member.objects.get_or_create(
        card_number=f"{MARK}-{n}",
        defaults={
            "org": org,
            "name": name,
            "gender": gender,
            "birth_date": birth,
            "id_number": make_id_number("320102", birth, 400 + n, gender),
            "join_date": datetime.date(2012, 3, 1),
        },
    )
    return member


def _household(user, file, people, costs=()):
    from . import services

    for name, rel, birth, gender, extra in people:
        services.add_household_member(
            actor=user,
            file=file,
            name=name,
            relationship=rel,
            id_number=make_id_number("320102", birth, 300, gender),
            **extra,
        )
    for kind, amount, text in costs:
        services.add_cost(actor=user, file=file, kind=kind, monthly_amount=amount, description=text)
    for kind in ("application", "consent"):
        services.add_attachment(
            actor=user,
            file=file,
            kind=kind,
            upload=ContentFile(b"%PDF-1.4 demo", name=f"{kind}.pdf"),
        )


def _open_file(chair, people, costs=(), *, income, **details):
    """A hardship file opened by ``chair`` (``details`` as ``services.open_file`` takes them),
    the applicant's monthly income set and the household, costs and papers added."""
    from . import services

    file = services.open_file(actor=chair, **details)
    me = file.household.get(relationship="self")
    me.monthly_income = income
    me.save()
    _household(chair, file, people, costs)
    return file


@scoping_off
def load(orgs):
    from . import programmes, services
    from .models import DibaoStandard, HardshipFile, Programme
    from .services import duplicate_aid as flags

    union = orgs["HP0101"]
    if HardshipFile.objects.filter(applicant__card_number__startswith=MARK).exists():
        return
    today = datetime.date.today()
    district = User.objects.get(username="district")
    for year in (today.year - 1, today.year):
        DibaoStandard.objects.get_or_create(
            org=orgs["HP"],
            year=year,
            defaults={
                "monthly_amount": "1100" if year == today.year else "1050",
                "note": "和平区民政局公告（示例）",
                "created_by": district,
            },
        )
    wang = _member(union, 1, "王秀英", "F", datetime.date(1976, 4, 12))
    li = _member(union, 2, "李建军", "M", datetime.date(1981, 9, 3))
    zhao = _member(union, 3, "赵红梅", "F", datetime.date(1985, 1, 20))
    chen = _member(union, 4, "陈玉兰", "F", datetime.date(1979, 11, 5))
    with acting("chair-a") as chair:
        filed = _open_file(
            chair,
            [
                (
                    "刘长海",
                    "spouse",
                    datetime.date(1974, 2, 8),
                    "M",
                    {"health": "serious", "health_note": "脑卒中后遗症", "employment": "unable"},
                ),
                (
                    "刘思琪",
                    "child",
                    datetime.date(2006, 10, 2),
                    "F",
                    {
                        "schooling": "university",
                        "school_name": "南京某大学",
                        "employment": "student",
                    },
                ),
                (
                    "刘思远",
                    "child",
                    datetime.date(2012, 5, 6),
                    "M",
                    {"schooling": "junior", "employment": "student"},
                ),
            ],
            costs=[("medical", "900", "康复治疗自付（月均）")],
            income="2600",
            applicant=wang,
            causes=["illness", "low_wage"],
            situation="丈夫脑卒中后偏瘫，长期康复治疗",
            bank_name="工商银行",
            bank_account="6222021001112223334",
        )
        notice = _open_file(
            chair,
            [("周兰", "spouse", datetime.date(1983, 7, 15), "F", {"employment": "unemployed"})],
            income="1800",
            applicant=li,
            causes=["unemployment"],
            bank_name="建设银行",
            bank_account="6217001234567890123",
        )
        _open_file(
            chair,
            [
                (
                    "孙浩",
                    "child",
                    datetime.date(2015, 3, 9),
                    "M",
                    {"schooling": "primary", "employment": "student"},
                )
            ],
            income="3900",
            applicant=zhao,
            causes=["accident"],
            situation="租住房屋火灾，家当尽毁",
            bank_name="农业银行",
            bank_account="6228480012345678901",
        )
        # Submitted and visited: the one file waiting in the reviewer's queue.
        waiting = _open_file(
            chair,
            [
                (
                    "欧阳振华",
                    "spouse",
                    datetime.date(1977, 6, 18),
                    "M",
                    {"employment": "employed", "monthly_income": "1500"},
                ),
                (
                    "欧阳雨桐",
                    "child",
                    datetime.date(2009, 8, 27),
                    "F",
                    {"schooling": "high_school", "employment": "student"},
                ),
            ],
            costs=[("medical", "1600", "化疗及靶向药自付（月均）")],
            income="2100",
            applicant=chen,
            causes=["illness"],
            situation="本人乳腺癌术后化疗，丈夫打零工收入不稳定",
            bank_name="交通银行",
            bank_account="6222600123456789012",
        )
        for file in (filed, notice, waiting):
            services.submit_file(actor=chair, file=file)
            services.record_visit(
                actor=chair,
                file=file,
                visited_on=today,
                visitors="陈静、孙磊",
                findings="入户核实，家庭情况属实",
            )
    with acting("reviewer") as reviewer:
        for file in (filed, notice):
            services.review_file(actor=reviewer, file=file, note="材料齐全，情况属实")
        services.publish_notice(
            actor=reviewer, file=filed, start=today - datetime.timedelta(days=20)
        )
        services.publish_notice(actor=reviewer, file=notice)
    with acting("district") as admin:
        services.approve_file(actor=admin, file=filed)
        cycle = _programme_cycle(
            admin,
            orgs["HP"],
            ("warmth", "春节送温暖"),
            (f"{today.year + 1} 年春节送温暖", today.year + 1, today, 60),
            ("union", "50000"),
            goods_description="米、油、慰问品",
        )
        autumn = _programme_cycle(
            admin,
            orgs["HP"],
            ("education", "区总工会金秋助学"),
            (f"{today.year} 年金秋助学", today.year, today, 45),
            ("donation", "30000"),
        )
    with acting("chair-a") as chair:
        warm = programmes.nominate(actor=chair, cycle=cycle, file=filed)
        student = filed.household.get(name="刘思琪")
        programmes.nominate(actor=chair, cycle=autumn, file=filed, student=student)
    with acting("reviewer") as reviewer:
        # The 送温暖 and the 金秋助学 grant overlap in time: the centre checks and lets it through.
        for flag in flags.refresh_entitlement_flags(warm):
            services.override_flag(
                actor=reviewer, flag=flag, reason="金秋助学为子女学费资助，与春节送温暖不属重复救助"
            )
        programmes.approve_list(actor=reviewer, cycle=cycle)
    assert Programme.objects.filter(name="区总工会金秋助学").exists()
    _load_jobless(union, today, orgs["HP"])


def _programme_cycle(admin, org, programme, cycle, budget, **details):
    """A programme ``(kind, name)`` of ``org`` with one cycle ``(name, year, start, days)`` (and
    its ``details``) and the cycle's budget ``(fund source, amount)``: the cycle."""
    from . import programmes

    kind, name = programme
    cycle_name, year, start, days = cycle
    fund_source, amount = budget
    made = programmes.create_programme(actor=admin, org=org, kind=kind, name=name)
    opened = programmes.open_cycle(
        actor=admin,
        programme=made,
        name=cycle_name,
        year=year,
        start_date=start,
        end_date=start + datetime.timedelta(days=days),
        **details,
    )
    programmes.set_budget(
        actor=admin, cycle=opened, org=org, fund_source=fund_source, amount=amount
    )
    return opened


def _load_jobless(union, today, district_org):
    """A laid-off worker in training and referred, another with an approved start-up grant,
    and a 下岗失业救助 cycle whose list is approved and paid through the budget."""
    from . import jobless, programmes

    with acting("chair-a") as chair:
        worker = jobless.register_worker(
            actor=chair,
            org=union,
            name="钱国栋",
            status="laid_off",
            skills="钳工、叉车证",
            needs="再就业岗位",
            bank_name="工商银行",
            bank_account="6222021001119998887",
            id_number=make_id_number("320102", datetime.date(1972, 8, 8), 450, "M"),
        )
        jobless.enrol_training(
            actor=chair,
            worker=worker,
            course="数控车床操作四十学时培训班",
            provider="和平区职业技能培训中心",
            start_date=today - datetime.timedelta(days=10),
            end_date=today + datetime.timedelta(days=20),
        )
        jobless.refer_job(
            actor=chair,
            worker=worker,
            employer_name="鑫达物流有限公司",
            position="仓储叉车司机",
            referred_on=today,
        )
        other = jobless.register_worker(
            actor=chair,
            org=union,
            name="孙丽娟",
            status="unemployed",
            skills="面点师",
            needs="申请创业补助",
            id_number=make_id_number("320102", datetime.date(1984, 3, 18), 452, "F"),
        )
        startup = jobless.add_startup_support(
            actor=chair,
            worker=other,
            kind="grant",
            business_name="丽娟早点铺",
            amount="5000",
            applied_on=today,
        )
    with acting("district") as admin:
        cycle = _programme_cycle(
            admin,
            district_org,
            ("jobless", "下岗失业人员生活救助"),
            (f"{today.year} 年第一批", today.year, today, 30),
            ("union", "20000"),
        )
        grant_cycle = _programme_cycle(
            admin,
            district_org,
            ("startup", "创业补助与贷款贴息"),
            (f"{today.year} 年创业扶持", today.year, today, 90),
            ("government", "50000"),
        )
    with acting("reviewer") as reviewer:
        jobless.decide_startup_support(
            actor=reviewer, support=startup, approve=True, decided_on=today
        )
    with acting("chair-a") as chair:
        entitlement = programmes.nominate_worker(
            actor=chair, cycle=cycle, worker=worker, amount="1100"
        )
        startup.refresh_from_db()
        programmes.nominate_worker(
            actor=chair, cycle=grant_cycle, worker=other, amount=None, startup=startup
        )
    with acting("reviewer") as reviewer:
        programmes.approve_list(actor=reviewer, cycle=cycle)
    with acting("chair-a") as chair:
        entitlement.refresh_from_db()
        programmes.record_payment(
            actor=chair,
            entitlement=entitlement,
            method="bank",
            paid_on=today,
            idempotency_key="demo-jobless-relief-1",
        )


demo.register_step(load)
