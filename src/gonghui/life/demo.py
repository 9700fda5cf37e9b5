"""Demo union life: the district's notice to the two streets needing confirmation (one
confirmed), an activity of 华强机械 with sign-ups, a waiting list and check-ins, an anonymous
survey with answers; courses (officials' training, an in-person safety course with attendance,
an online course of the Trade Union Law) and a women-only activity (member filters)."""

import datetime
from decimal import Decimal

from django.utils import timezone

from gonghui.core.demo import acting, scoping_off
from gonghui.core.models import RoleAssignment, User


@scoping_off
def load(orgs):
    from .models import Course, Notice

    if not Notice.objects.filter(org=orgs["HP"]).exists():
        _notices(orgs)
        _activity(orgs)
        _survey(orgs)
        _profile()
    if not Course.objects.filter(org=orgs["HP"]).exists():
        _courses(orgs)


def _profile():
    from .services import profiles

    chair = User.objects.get(username="chair-a")
    with acting("chair-a", "HP0101"):
        profiles.save_profile(
            actor=chair,
            intro="华强精密机械有限公司工会代表全体职工签订集体合同、开展劳动竞赛和职工书屋活动，"
            "为困难职工提供帮扶。",
            how_to_join="本公司职工（含劳务派遣）均可申请入会，在线填写申请后由工会审核。",
        )


def _notices(orgs):
    from .services import notices

    district = User.objects.get(username="district")
    with acting("district", "HP"):
        n = notices.draft_notice(
            actor=district, org=orgs["HP"], title="关于开展2026年“工会服务月”活动的通知",
            body="<p>各街道工会：</p><p>请于本月内组织<strong>冬送温暖夏送清凉</strong>等服务活动，"
            "并在截止日前确认收到本通知。</p><ul><li>活动方案报区总工会</li><li>活动照片上传平台</li></ul>",
            reach="chosen", audience="staff", response="confirm", due_working_days=5, pinned=True,
            targets=[orgs["HP01"], orgs["HP02"]],
        )  # fmt: skip
        n = notices.publish_notice(actor=district, notice=n)
        m = notices.draft_notice(
            actor=district, org=orgs["HP"], title="职工书屋春季借阅开放公告",
            body="<p>区职工书屋每周二、四晚开放，欢迎会员借阅。</p>", reach="subtree",
            audience="all", is_public=True,
        )  # fmt: skip
        notices.publish_notice(actor=district, notice=m)
    street = User.objects.get(username="street")
    with acting("street", "HP01"):
        notices.mark_notice_read(actor=street, notice=n)
        notices.respond_to_notice(actor=street, notice=n)


def _activity(orgs):
    from gonghui.innovation.demo import demo_members
    from gonghui.orgs.models import Employer

    from .services import activities

    org = orgs["HP0101"]
    chair = User.objects.get(username="chair-a")
    now = timezone.now()
    with acting("chair-a", "HP0101"):
        activity = activities.create_activity(
            actor=chair, org=org, title="职工趣味运动会", kind="sports",
            description="拔河、跳绳、托球跑，欢迎家属观赛。", place="公司篮球场",
            starts_at=now + datetime.timedelta(days=7), ends_at=now + datetime.timedelta(days=7, hours=3),
            signup_deadline=now + datetime.timedelta(days=5), cancel_cutoff=now + datetime.timedelta(days=6),
            quota=4, hours=Decimal("3.0"), eligibility="union",
        )  # fmt: skip
    people = demo_members(org, Employer.objects.filter(org=org).first())
    for member in list(people.values())[:5]:
        user = member.user or _member_login(member, org)
        with acting(user.username, "HP0101"):
            activities.sign_up(actor=user, activity=activity)


def _member_login(member, org):
    user, _created = User.objects.get_or_create(
        username=f"demo-member-{member.card_number.lower()}", defaults={"full_name": member.name}
    )
    RoleAssignment.objects.get_or_create(user=user, org=org, role="member")
    member.user = user
    member.save(update_fields=["user"])
    return user


def _survey(orgs):
    from .services import surveys

    street = User.objects.get(username="street")
    with acting("street", "HP01"):
        survey = surveys.create_survey(
            actor=street, org=orgs["HP01"], title="职工文体活动需求调查",
            closes_on=timezone.localdate() + datetime.timedelta(days=30), anonymous=True,
            intro="了解大家最想参加的活动，匿名填写。",
        )  # fmt: skip
        surveys.add_question(
            actor=street, survey=survey, kind="single", text="您最想参加哪类活动？",
            choices=["球类比赛", "读书分享", "亲子活动", "社区志愿活动"],
        )  # fmt: skip
        surveys.add_question(
            actor=street, survey=survey, kind="scale", text="对去年活动的满意度", scale_max=5
        )
        surveys.add_question(
            actor=street, survey=survey, kind="text", text="其他建议", required=False
        )
        surveys.open_survey(actor=street, survey=survey)
    questions = list(survey.questions.all())
    member_user = User.objects.filter(username="member-a").first()
    if member_user is not None:
        with acting("member-a", "HP0101"):
            surveys.answer_survey(
                actor=member_user, survey=survey,
                answers={questions[0].pk: ["0"], questions[1].pk: ["4"], questions[2].pk: ["希望多组织篮球赛"]},
            )  # fmt: skip


def _courses(orgs):
    from gonghui.innovation.demo import demo_members
    from gonghui.orgs.models import Employer, Official

    from .services import activities, courses

    today = timezone.localdate()
    district = User.objects.get(username="district")
    with acting("district", "HP"):
        training = courses.create_course(
            actor=district, org=orgs["HP"], title="基层工会主席履职能力培训班",
            provider="和平区工人文化宫", audience="officials", starts_on=today.replace(month=3, day=12),
            hours=Decimal("16"), place="区工人文化宫三楼报告厅",
        )  # fmt: skip
        trained = Official.objects.filter(
            org__code__in=["HP0101", "HP01"], position="chair"
        ).values_list("pk", flat=True)
        courses.record_officials(actor=district, course=training, official_ids=list(trained))
        online = courses.create_course(
            actor=district, org=orgs["HP"], title="《中华人民共和国工会法》网上学习课",
            mode="online", starts_on=today - datetime.timedelta(days=10), hours=Decimal("2"),
            material="<h2>学习要点</h2><ol><li>工会的性质和基本职责</li><li>职工入会的权利</li>"
            "<li>工会经费的来源</li></ol><p>阅读全文后点击<strong>我已学完</strong>，计入两个学时。</p>",
        )  # fmt: skip
    org = orgs["HP0101"]
    chair = User.objects.get(username="chair-a")
    with acting("chair-a", "HP0101"):
        safety = courses.create_course(
            actor=chair, org=org, title="安全生产知识培训", provider="区应急管理局讲师团",
            starts_on=today + datetime.timedelta(days=3), hours=Decimal("4"), quota=30,
            place="公司二楼培训室", eligibility="union",
            material="<p>冲压、焊接岗位<strong>安全操作规程</strong>和应急处置。</p>",
        )  # fmt: skip
        now = timezone.now()
        activities.create_activity(
            actor=chair, org=org, title="三八节女职工插花沙龙", kind="other", place="职工之家活动室",
            starts_at=now + datetime.timedelta(days=9), ends_at=now + datetime.timedelta(days=9, hours=2),
            signup_deadline=now + datetime.timedelta(days=8), cancel_cutoff=now + datetime.timedelta(days=8),
            quota=20, hours=Decimal("2.0"), eligibility="union", filter_gender="F",
        )  # fmt: skip
    people = list(demo_members(org, Employer.objects.filter(org=org).first()).values())[:4]
    enrolled = []
    for member in people:
        user = member.user or _member_login(member, org)
        with acting(user.username, "HP0101"):
            enrolled.append(courses.enrol(actor=user, course=safety))
    with acting("chair-a", "HP0101"):
        courses.record_attendance(
            actor=chair, course=safety, enrolment_ids=[e.pk for e in enrolled[:2]]
        )
    member_user = User.objects.filter(username="member-a").first()
    if member_user is not None:
        with acting("member-a", "HP0101"):
            e = courses.enrol(actor=member_user, course=online)
            courses.complete_online(actor=member_user, enrolment=e)
