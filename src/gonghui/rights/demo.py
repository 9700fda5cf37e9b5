"""Demo data for the rights module: requests in 华强精密机械 (HP0101) and 新华街道 (HP01) — an
urgent wage-arrears case for 40 workers, an overdue one, an escalated one, an answer awaiting
the worker's rating, an anonymous safety report — a mediation case and workers'-home ratings
(officials' training is in the life demo). Idempotent: skipped when its first request exists."""

import datetime
from decimal import Decimal

from django.utils import timezone

from gonghui.core import demo
from gonghui.core.demo import acting, scoping_off

from .enums import Category, Channel

URGENT_TITLE = "工地 40 名农民工被拖欠三个月工资"


def _ago(days, hour=9):
    moment = timezone.now() - datetime.timedelta(days=days)
    return moment.replace(hour=hour, minute=12, second=0, microsecond=0)


@scoping_off
def load(orgs):
    from . import services
    from .models import WorkerRequest

    if WorkerRequest.objects.filter(title=URGENT_TITLE).exists():
        return
    from gonghui.orgs.models import Employer

    huaqiang = Employer.objects.filter(org=orgs["HP0101"]).first()
    # 1. The urgent wage case, taken by the street union from a 12351 call.
    with acting("street") as street:
        urgent, _code = services.submit_request(
            actor=street,
            category=Category.WAGES,
            channel=Channel.HOTLINE,
            title=URGENT_TITLE,
            description="恒信建筑劳务有限公司在新华街道承建的工地，40 名农民工 7 月至 9 月工资未发，"
            "包工头失联。来电人称工人们准备集体讨薪。",
            employer_name="恒信建筑劳务有限公司",
            affected_workers=40,
            amount_claimed=Decimal("486000.00"),
            contact_name="马建军",
            contact_phone="13912345678",
            now=_ago(3),
        )
        services.assign_request(actor=street, request=urgent, handler=street)
        services.add_note(
            actor=street,
            request=urgent,
            text="已电话联系总包单位项目经理，约定明日在街道调解室协商",
        )
        case = services.open_case(
            actor=street,
            org=orgs["HP01"],
            kind="mediation",
            title="恒信建筑农民工欠薪调解",
            request=urgent,
            counsel_name="林晓",
            counsel_org="新华街道劳动争议调解委员会",
            summary="40 名农民工三个月工资共计 48.6 万元",
            opened_on=timezone.localdate() - datetime.timedelta(days=2),
        )
        services.add_party(
            actor=street, case=case, role="worker", name="马建军等 40 名农民工", workers=40
        )
        services.add_party(actor=street, case=case, role="employer", name="恒信建筑劳务有限公司")
        services.add_claim(
            actor=street, case=case, description="2026 年 7–9 月工资", amount=Decimal("486000.00")
        )
        services.add_session(
            actor=street,
            case=case,
            kind="mediation",
            held_on=timezone.localdate() - datetime.timedelta(days=1),
            place="新华街道调解室",
            notes="总包单位同意先行垫付",
        )
        services.record_agreement(
            actor=street,
            case=case,
            signed_on=timezone.localdate() - datetime.timedelta(days=1),
            terms="总包单位分两期垫付全部欠薪",
            amount=Decimal("486000.00"),
        )
        services.record_recovery(
            actor=street,
            case=case,
            received_on=timezone.localdate(),
            amount=Decimal("243000.00"),
            note="第一期垫付款",
        )
    # 2. A member's request, answered, waiting for the worker's rating.
    with acting("member-a") as member:
        answered, _ = services.submit_request(
            actor=member,
            category=Category.WORKING_HOURS,
            channel=Channel.APP,
            title="二车间连续加班未安排调休",
            description="10 月以来每周六加班，没有调休也没有加班费。",
            employer=huaqiang,
            contact_phone="13800138000",
            now=_ago(6),
        )
    with acting("chair-a") as chair:
        services.assign_request(actor=chair, request=answered, handler=chair)
        services.answer_request(
            actor=chair,
            request=answered,
            text="已与公司人力资源部沟通：10 月加班按 2 倍补发加班费，11 月起每月安排调休。",
        )
        # 3. Overdue: a hotline call nobody has taken.
        services.submit_request(
            actor=chair,
            category=Category.SOCIAL_INSURANCE,
            channel=Channel.HOTLINE,
            title="试用期未缴纳社会保险",
            description="入职三个月，公司称转正后才缴社保。",
            employer=huaqiang,
            contact_name="周小红",
            contact_phone="13700137000",
            now=_ago(20),
        )
        escalated, _ = services.submit_request(
            actor=chair,
            category=Category.CONTRACT,
            channel=Channel.STAFF,
            title="劳务派遣工未签书面合同",
            description="派遣工反映未与派遣公司签订书面劳动合同。",
            employer=huaqiang,
            contact_name="钱进",
            contact_phone="13600136000",
            now=_ago(40),
        )
    services.requests._escalate_one(escalated.pk, timezone.localdate())
    # 4. An anonymous safety report from the public form.
    services.submit_request(
        actor=None,
        category=Category.SAFETY,
        channel=Channel.APP,
        title="冲压车间安全光栅被拆除",
        description="冲压车间两台冲床的安全光栅被拆掉，班组长说为了赶产量。",
        employer=huaqiang,
        anonymous=True,
        now=_ago(1),
    )
    _homes(orgs)


def _homes(orgs):
    from . import services
    from .models import HomeCriterion

    values = {c.pk: c.max_score - (2 if c.order % 2 else 0) for c in HomeCriterion.objects.all()}
    with acting("chair-a") as chair:
        rating = services.start_home_rating(
            actor=chair, org=orgs["HP0101"], year=timezone.localdate().year
        )
        services.save_self_assessment(actor=chair, rating=rating, values=values)
        services.submit_home_rating(actor=chair, rating=rating)
    with acting("street") as street:
        services.review_home_rating(
            actor=street,
            rating=rating,
            values=values,
            note="职代会制度健全，厂务公开和诉求办理规范，评定为模范之家",
        )
    with acting("chair-b") as chair_b:
        services.start_home_rating(
            actor=chair_b, org=orgs["HP0102"], year=timezone.localdate().year
        )


demo.register_step(load)
