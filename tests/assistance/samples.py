"""URL kwargs pointing at union A's objects, for the lead's URL scoping walk."""

import datetime
import itertools
from decimal import Decimal

_n = itertools.count(1)


def _file(cast):
    from gonghui.assistance.models import HardshipFile
    from gonghui.core.text.idnumbers import make_id_number
    from gonghui.members.models import Member

    n = next(_n)
    member = Member.unscoped.create(
        org=cast.union_a,
        name="甲工会困难职工",
        gender="F",
        birth_date=datetime.date(1982, 3, 4),
        id_number=make_id_number("320102", datetime.date(1982, 3, 4), 500 + n % 400),
        join_date=datetime.date(2010, 1, 1),
        card_number=f"SAMPLE-A-{n}",
    )
    return HardshipFile.unscoped.create(
        org=cast.union_a,
        applicant=member,
        number=f"KNS{n:07d}",
        created_by=cast.chair_a,
        status="notice",
        bank_account="6222020200005555",
    )


def _child(cast, model, **kw):
    from gonghui.assistance import models

    file = _file(cast)
    return getattr(models, model).unscoped.create(file=file, org=cast.union_a, **kw)


def _cycle(cast):
    from gonghui.assistance.models import Cycle, Programme

    programme = Programme.unscoped.create(
        org=cast.union_a, kind="warmth", name="甲工会送温暖", created_by=cast.chair_a
    )
    return Cycle.unscoped.create(
        programme=programme,
        org=cast.union_a,
        name="甲工会送温暖批次",
        year=2026,
        start_date=datetime.date(2026, 1, 1),
        end_date=datetime.date(2026, 2, 1),
        created_by=cast.chair_a,
    )


def _entitlement(cast):
    from gonghui.assistance.models import Budget, Entitlement

    cycle = _cycle(cast)
    budget = Budget.unscoped.create(
        cycle=cycle, org=cast.union_a, fund_source="union", amount=Decimal("10000")
    )
    file = _file(cast)
    return Entitlement.unscoped.create(
        cycle=cycle,
        org=cast.union_a,
        file=file,
        beneficiary_key=f"f:{file.pk}",
        budget=budget,
        amount=Decimal("2500"),
        status="approved",
        nominated_by=cast.chair_a,
    )


def _payment(cast):
    from gonghui.assistance.models import Payment

    e = _entitlement(cast)
    return Payment.unscoped.create(
        entitlement=e,
        cycle=e.cycle,
        org=cast.union_a,
        amount=e.amount,
        method="cash",
        idempotency_key=f"sample-a-{next(_n)}",
        paid_on=datetime.date(2026, 1, 20),
        recorded_by=cast.chair_a,
    )


def _attachment(cast):
    from django.core.files.base import ContentFile

    from gonghui.assistance.models import Attachment

    file = _file(cast)
    row = Attachment(
        file=file,
        org=cast.union_a,
        kind="application",
        original_name="甲工会.pdf",
        uploaded_by=cast.chair_a,
    )
    row.upload.save("a.pdf", ContentFile(b"%PDF-1.4"), save=False)
    row.save()
    return row


def _flag(cast):
    from gonghui.assistance.models import Flag

    return Flag.unscoped.create(
        org=cast.union_a, file=_file(cast), kind="same_id", key="x", detail="甲工会提示"
    )


SAMPLES = {
    "assistance:file": lambda cast: {"pk": _file(cast).pk},
    "assistance:file_edit": lambda cast: {"pk": _file(cast).pk},
    "assistance:file_pdf": lambda cast: {"pk": _file(cast).pk},
    "assistance:household_add": lambda cast: {"pk": _file(cast).pk},
    "assistance:row_add": lambda cast: {"pk": _file(cast).pk, "kind": "cost"},
    "assistance:row_remove": lambda cast: {
        "pk": (c := _child(cast, "HardshipCost", kind="medical", monthly_amount="100")).file_id,
        "kind": "cost",
        "row_id": c.pk,
    },
    "assistance:attachment_add": lambda cast: {"pk": _file(cast).pk},
    "assistance:visit_add": lambda cast: {"pk": _file(cast).pk},
    "assistance:transition": lambda cast: {"pk": _file(cast).pk, "action": "approve"},
    "assistance:exit": lambda cast: {"pk": _file(cast).pk},
    "assistance:objection_add": lambda cast: {"pk": _file(cast).pk},
    "assistance:exclusion_override": lambda cast: {"pk": _file(cast).pk, "rule": "private_car"},
    "assistance:yearly_review": lambda cast: {"pk": _file(cast).pk},
    "assistance:attachment": lambda cast: {"pk": _attachment(cast).pk},
    "assistance:objection_resolve": lambda cast: {
        "pk": _child(
            cast,
            "Objection",
            received_on=datetime.date(2026, 1, 5),
            content="甲工会异议",
            recorded_by=cast.chair_a,
        ).pk
    },
    "assistance:flag_override": lambda cast: {"pk": _flag(cast).pk},
    "assistance:follow_up": lambda cast: {
        "pk": _child(cast, "HomeVisit", is_follow_up=True, due_on=datetime.date(2026, 6, 1)).pk
    },
    "assistance:programme": lambda cast: {"pk": _cycle(cast).programme_id},
    "assistance:cycle": lambda cast: {"pk": _cycle(cast).pk},
    "assistance:budget_set": lambda cast: {"pk": _cycle(cast).pk},
    "assistance:nominate": lambda cast: {"pk": _cycle(cast).pk},
    "assistance:approve_list": lambda cast: {"pk": _cycle(cast).pk},
    "assistance:payments": lambda cast: {"pk": _cycle(cast).pk},
    "assistance:payments_pdf": lambda cast: {"pk": _cycle(cast).pk},
    "assistance:entitlement_exclude": lambda cast: {"pk": _entitlement(cast).pk},
    "assistance:pay": lambda cast: {"pk": _entitlement(cast).pk},
    "assistance:warmth_visit": lambda cast: {"pk": _entitlement(cast).pk},
    "assistance:payment_reverse": lambda cast: {"pk": _payment(cast).pk},
}


PUBLIC_ROUTES = {"assistance:notices"}

API_SAMPLES = {
    "/api/v1/assistance/files/{file_id}": lambda cast: {"file_id": _file(cast).pk},
    "/api/v1/assistance/files/{file_id}/transitions/{action}": lambda cast: {
        "file_id": _file(cast).pk,
        "action": "approve",
    },
    "/api/v1/assistance/programmes/{programme_id}": lambda cast: {
        "programme_id": _cycle(cast).programme_id
    },
    "/api/v1/assistance/cycles/{cycle_id}": lambda cast: {"cycle_id": _cycle(cast).pk},
    "/api/v1/assistance/cycles/{cycle_id}/payments": lambda cast: {"cycle_id": _cycle(cast).pk},
}


def _worker(cast):
    from gonghui.assistance.models import JoblessWorker
    from gonghui.core.text.idnumbers import make_id_number

    n = next(_n)
    return JoblessWorker.unscoped.create(
        org=cast.union_a,
        name="甲工会失业职工",
        status="unemployed",
        created_by=cast.chair_a,
        id_number=make_id_number("320102", datetime.date(1979, 6, 1), n % 900),
    )


SAMPLES["assistance:jobless_worker"] = lambda cast: {"pk": _worker(cast).pk}


def _training(cast):
    from gonghui.assistance.models import TrainingEnrolment

    return TrainingEnrolment.unscoped.create(
        worker=_worker(cast),
        org=cast.union_a,
        course="甲工会课程",
        provider="甲工会培训中心",
        start_date=datetime.date(2026, 3, 1),
        recorded_by=cast.chair_a,
    )


def _referral(cast):
    from gonghui.assistance.models import JobReferral

    return JobReferral.unscoped.create(
        worker=_worker(cast),
        org=cast.union_a,
        employer_name="甲工会推荐单位",
        position="车工",
        referred_on=datetime.date(2026, 3, 1),
        recorded_by=cast.chair_a,
    )


def _startup(cast):
    from gonghui.assistance.models import StartupSupport

    return StartupSupport.unscoped.create(
        worker=_worker(cast),
        org=cast.union_a,
        kind="grant",
        business_name="甲工会早点铺",
        amount=Decimal("3000"),
        applied_on=datetime.date(2026, 3, 1),
        recorded_by=cast.chair_a,
    )


for _name in (
    "jobless_edit",
    "jobless_reemployed",
    "jobless_nominate",
    "training_add",
    "referral_add",
    "startup_add",
):
    SAMPLES[f"assistance:{_name}"] = lambda cast: {"pk": _worker(cast).pk}
SAMPLES["assistance:training"] = lambda cast: {"pk": _training(cast).pk}
SAMPLES["assistance:referral"] = lambda cast: {"pk": _referral(cast).pk}
SAMPLES["assistance:startup"] = lambda cast: {"pk": _startup(cast).pk}
API_SAMPLES["/api/v1/assistance/jobless/workers/{worker_id}"] = lambda cast: {
    "worker_id": _worker(cast).pk
}
API_SAMPLES["/api/v1/assistance/jobless/workers/{worker_id}/entitlements"] = lambda cast: {
    "worker_id": _worker(cast).pk
}


def _override(cast):
    from gonghui.assistance.models import ExclusionOverride

    file = _file(cast)
    return ExclusionOverride.unscoped.create(
        file=file,
        org=cast.union_a,
        rule="private_car",
        reason="甲工会代步车",
        decided_by=cast.chair_a,
    )


def _member_row(cast):
    from gonghui.assistance.models import HouseholdMember

    file = _file(cast)
    return HouseholdMember.unscoped.create(
        file=file, org=cast.union_a, name="甲工会家属", relationship="child", id_number="X1"
    )


SAMPLES.update(
    {
        "assistance:exclusion_confirm": lambda cast: {"pk": _override(cast).pk},
        "assistance:household_edit": lambda cast: (lambda m: {"pk": m.file_id, "member_id": m.pk})(
            _member_row(cast)
        ),
        "assistance:cycle_close": lambda cast: {"pk": _cycle(cast).pk},
        "assistance:payment_confirm": lambda cast: {"pk": _payment(cast).pk},
        "assistance:signoff_correct": lambda cast: {"pk": _entitlement(cast).pk},
    }
)
