"""Set-up for assistance tests: members, 低保 standards and files taken along the chain."""

import datetime
import itertools
from decimal import Decimal

from django.core.files.uploadedfile import SimpleUploadedFile

from gonghui.assistance import services
from gonghui.assistance.models import DibaoStandard, ExternalAid
from gonghui.core.text.idnumbers import make_id_number
from gonghui.members.models import Member
from tests.conftest import acting

_seq = itertools.count(1)
TODAY = datetime.date.today()


def person_id(birth=datetime.date(1980, 5, 1), area="320102"):
    return make_id_number(area, birth, next(_seq) % 999)


def make_member(org, name="甲工会会员张伟"):
    n = next(_seq)
    return Member.unscoped.create(
        org=org,
        name=name,
        gender="M",
        birth_date=datetime.date(1980, 5, 1),
        id_number=person_id(),
        join_date=datetime.date(2010, 1, 1),
        card_number=f"T{n:08d}",
    )


def set_dibao(cast, amount="1000", year=None, org=None):
    return DibaoStandard.objects.create(
        org=org or cast.district, year=year or TODAY.year, monthly_amount=amount
    )


def upload(name="application.pdf"):
    return SimpleUploadedFile(name, b"%PDF-1.4 test", content_type="application/pdf")


def draft_file(cast, user=None, org=None, income="800", size=3, bank=None, member=None):
    """A draft in union A with ``size`` people and the applicant earning ``income`` a month."""
    user = user or cast.chair_a
    bank = bank or f"62220202{next(_seq):011d}"
    member = member or make_member(org or cast.union_a)
    with acting(user):
        file = services.open_file(
            actor=user,
            applicant=member,
            causes=["illness"],
            situation="丈夫中风",
            bank_name="工商银行",
            bank_account=bank,
        )
        me = file.household.get()
        me.monthly_income = income
        me.save()
        for i in range(size - 1):
            services.add_household_member(
                actor=user,
                file=file,
                name=f"家属{i}",
                relationship="child",
                id_number=person_id(datetime.date(2010, 1, 1 + i)),
                monthly_income="0",
            )
        services.add_attachment(actor=user, file=file, kind="application", upload=upload())
        services.add_attachment(actor=user, file=file, kind="consent", upload=upload("c.pdf"))
    file.refresh_from_db()
    return file


def to_state(cast, file, state, today=None):
    """Take ``file`` along the chain to ``state`` with the right people at each step."""
    order = ["submitted", "visited", "reviewed", "notice", "filed"]
    for step in order[: order.index(state) + 1]:
        file.refresh_from_db()
        if step == "submitted":
            with acting(cast.chair_a):
                services.submit_file(actor=cast.chair_a, file=file)
        elif step == "visited":
            with acting(cast.staff_a):
                services.record_visit(
                    actor=cast.staff_a,
                    file=file,
                    visited_on=TODAY,
                    visitors="陈静、孙磊",
                    findings="属实",
                )
        elif step == "reviewed":
            with acting(cast.reviewer):
                services.review_file(actor=cast.reviewer, file=file)
        elif step == "notice":
            with acting(cast.reviewer):
                services.publish_notice(
                    actor=cast.reviewer, file=file, start=TODAY - datetime.timedelta(days=30)
                )
        elif step == "filed":
            with acting(cast.district_admin):
                services.approve_file(actor=cast.district_admin, file=file, today=today)
    file.refresh_from_db()
    return file


def clear_flags(cast, *entitlements, reason="经核实不属于重复救助"):
    """The centre checks and lets through the open flags of ``entitlements`` (e.g. the
    overlap of a 送温暖 and a 金秋助学 grant in the same weeks)."""
    from gonghui.assistance.services import duplicate_aid as flags

    with acting(cast.reviewer):
        for entitlement in entitlements:
            for flag in flags.refresh_entitlement_flags(entitlement):
                services.override_flag(actor=cast.reviewer, flag=flag, reason=reason)


def civil_affairs_grant(cast, person, amount="3000"):
    """Aid the civil-affairs bureau granted ``person`` (a household member) this period: what the
    duplicate-aid check finds outside the union's own programmes."""
    return ExternalAid.objects.create(
        org=cast.union_a,
        person_name=person.name,
        id_number=person.id_number,
        year=TODAY.year,
        source="民政临时救助",
        amount=Decimal(amount),
        granted_on=TODAY,
    )
