"""URL kwargs pointing at union A's objects, for the lead's URL-scoping walk."""

import datetime
import itertools

from django.utils import timezone

from gonghui.core.text.idnumbers import make_id_number

_seq = itertools.count(400)


def _member(cast):
    from gonghui.members.models import Member

    seq = next(_seq)
    return Member.unscoped.create(
        org=cast.union_a,
        name="甲工会会员",
        gender="M",
        birth_date=datetime.date(1990, 1, 1),
        id_number=make_id_number("320102", datetime.date(1990, 1, 1), seq % 500, "M"),
        phone=f"1390000{seq:04d}",
        join_date=datetime.date(2020, 1, 1),
        card_number=f"SAMPLE{seq}",
    )


def _transfer(cast):
    from gonghui.members.models import Transfer

    return Transfer.unscoped.create(
        member=_member(cast),
        from_org=cast.union_a,
        to_org=cast.union_a,
        status="awaiting_accept",
        reason="甲工会",
        created_by=cast.chair_a,
    )


def _application(cast):
    from gonghui.members.models import JoinApplication

    return JoinApplication.unscoped.create(
        org=cast.union_a,
        name="甲工会申请人",
        id_number="110101199003070038",
        phone="13800138000",
        employer_name="甲工会机械有限公司",
        employment_form="regular",
        consent_at=timezone.now(),
        consent_version="2025-01",
    )


def _job(cast):
    from gonghui.core.models import ImportJob

    return ImportJob.unscoped.create(
        importer="members",
        org=cast.union_a,
        created_by=cast.chair_a,
        assignment=cast.chair_a_assignment,
        original_name="甲工会名册.csv",
        file="imports/sample.csv",
    )


def _card_token(cast):
    from django.core import signing

    from gonghui.members.views import CARD_SALT

    return signing.Signer(salt=CARD_SALT).sign(_member(cast).card_number)


SAMPLES = {
    "members:card": lambda cast: {"token": _card_token(cast)},
    "members:detail": lambda cast: {"pk": _member(cast).pk},
    "members:edit": lambda cast: {"pk": _member(cast).pk},
    "members:status": lambda cast: {"pk": _member(cast).pk},
    "members:transfer": lambda cast: {"pk": _member(cast).pk},
    "members:transfer_detail": lambda cast: {"pk": _transfer(cast).pk},
    "members:application_detail": lambda cast: {"pk": _application(cast).pk},
}

API_SAMPLES = {
    "/api/v1/members/{member_id}": lambda cast: {"member_id": _member(cast).pk},
    "/api/v1/members/imports/{job_id}": lambda cast: {"job_id": str(_job(cast).pk)},
    "/api/v1/members/imports/{job_id}/commit": lambda cast: {"job_id": str(_job(cast).pk)},
}

PUBLIC_ROUTES = {"members:join", "members:join_done", "members:card"}
