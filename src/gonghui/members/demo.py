"""Demo members: about 40 in 华强精密机械 (HP0101, with member-a's own record 张伟), some in
the logistics firm, the riders' joint union, the steelworks and the hospital; a few status
changes, transfers and pending online applications. Idempotent."""

import datetime

from django.utils import timezone

from gonghui.core.demo import scoping_off
from gonghui.core.models import User

from . import synthetic
from .models import (
    JOIN_NOTE,
    EventKind,
    JoinApplication,
    Member,
    MembershipEvent,
    MemberStatus,
    Transfer,
    TransferStatus,
    event_note,
)
from .services import CONSENT_VERSION, card_number_for
from .tallies import retally

DEMO_SEQ = 90_000_000  # people numbered apart from the synthetic district's
PLAN = [
    ("HP0101", 36),
    ("HP010101", 3),
    ("HP010102", 2),
    ("HP0102", 12),
    ("HP0103", 10),
    ("HP0201", 15),
    ("HP0202", 8),
    ("HP0301", 6),
]
STATUS_CHANGES = [
    (3, MemberStatus.RETIRED, "到龄退休"),
    (7, MemberStatus.UNEMPLOYED, "企业裁员"),
    (11, MemberStatus.WITHDRAWN, "本人申请退会"),
]


@scoping_off
def load_members(orgs):
    if Member.objects.filter(org=orgs["HP0101"]).exists():
        return
    rng = synthetic.rng_for(2025)
    today = datetime.date.today()
    employers = _employers(orgs)
    seq = DEMO_SEQ
    made = {}
    for code, count in PLAN:
        made[code] = []
        for _ in range(count):
            seq += 1
            made[code].append(_member(rng, seq, orgs[code], employers.get(code), today))
    _link_member_a(made["HP0101"][0])
    _status_changes(made["HP0101"], today)
    _transfers(made, orgs, today)
    _applications(rng, orgs, seq)
    retally(*[orgs[code] for code, _n in PLAN])


def _employers(orgs):
    from gonghui.orgs.models import Employer

    result = {}
    for employer in Employer.objects.filter(org__in=list(orgs.values())).order_by("id"):
        result.setdefault(employer.org.code, employer)
    result["HP010101"] = result["HP010102"] = result.get("HP0101")
    return result


def _member(rng, seq, org, employer, today, **overrides):
    data = {**synthetic.person(rng, seq), **overrides}
    if org.code == "HP0103":
        data["employment_form"] = "new_form"
    join = synthetic.join_date_for(rng, data["birth_date"], today)
    member = Member(
        org=org,
        employer=employer,
        join_date=join,
        card_number=card_number_for(data["id_number"]),
        **data,
    )
    member.save()
    MembershipEvent.objects.create(
        member=member,
        kind=EventKind.JOIN,
        on_date=join,
        to_status=MemberStatus.ACTIVE,
        to_org=org,
        note=event_note(JOIN_NOTE),
    )
    return member


def _link_member_a(member):
    user = User.objects.filter(username="member-a").first()
    member.name = "张伟"
    member.user = user
    member.save()


def _status_changes(members, today):
    for index, status, reason in STATUS_CHANGES:
        member = members[index]
        on_date = today - datetime.timedelta(days=20 * index)
        MembershipEvent.objects.create(
            member=member,
            kind=EventKind.STATUS,
            on_date=on_date,
            from_status=member.status,
            to_status=status,
            note=reason,
        )
        member.status = status
        member.save()


def _transfers(made, orgs, today):
    chair_b = User.objects.filter(username="chair-b").first()
    chair_a = User.objects.filter(username="chair-a").first()
    if chair_a is None or chair_b is None:
        return
    # A driver moving from the logistics firm to 华强, asked for by 华强: awaiting 鑫达.
    Transfer.objects.create(
        member=made["HP0102"][0],
        from_org=orgs["HP0102"],
        to_org=orgs["HP0101"],
        initiated_by_receiver=True,
        status=TransferStatus.AWAITING_RELEASE,
        reason="调入华强工作",
        created_by=chair_a,
    )
    # A 华强 fitter moving to the logistics firm, started by 华强: awaiting 鑫达.
    Transfer.objects.create(
        member=made["HP0101"][20],
        from_org=orgs["HP0101"],
        to_org=orgs["HP0102"],
        status=TransferStatus.AWAITING_ACCEPT,
        reason="跳槽至鑫达物流",
        created_by=chair_a,
    )
    # A finished transfer out of the district.
    gone = made["HP0101"][25]
    moved = Transfer.objects.create(
        member=gone,
        from_org=orgs["HP0101"],
        to_org=None,
        destination_text="苏州工业园区某电子公司工会",
        status=TransferStatus.DONE,
        reason="随家人迁居",
        created_by=chair_a,
        closed_at=timezone.now(),
    )
    MembershipEvent.objects.create(
        member=gone,
        kind=EventKind.TRANSFER_OUT,
        on_date=today - datetime.timedelta(days=40),
        from_status=MemberStatus.ACTIVE,
        to_status=MemberStatus.TRANSFERRED_OUT,
        from_org=orgs["HP0101"],
        note=moved.moved_note(),  # as the service writes it: worded when read
    )
    gone.status = MemberStatus.TRANSFERRED_OUT
    gone.save()


def _applications(rng, orgs, seq):
    riders = [
        ("HP0103", "闪送达同城配送服务有限公司", "new_form"),
        ("HP0103", "顺途网约车科技有限公司", "new_form"),
        ("HP0103", "闪送达同城配送服务有限公司", "new_form"),
        ("HP0101", "华强精密机械有限公司", "dispatch"),
    ]
    for offset, (code, employer, form) in enumerate(riders, start=1):
        person = synthetic.person(rng, seq + offset)
        JoinApplication.objects.create(
            org=orgs[code],
            name=person["name"],
            id_number=person["id_number"],
            phone=person["phone"],
            employer_name=employer,
            employment_form=form,
            consent_at=timezone.now(),
            consent_version=CONSENT_VERSION,
        )
