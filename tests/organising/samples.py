"""Objects of union A for the URL-scoping walk (tests/test_url_scoping.py): a prospect, a
founding and a term change owned by union A, each far enough along to have documents."""

import datetime

from tests.conftest import MARKER_A


def _world(cast):
    from gonghui.organising.models import Founding, Prospect, TermChange
    from gonghui.orgs.models import Employer

    from .helpers import credit_code

    today = datetime.date.today()
    # An employer without a union under the street (for the district's list and export).
    Employer.unscoped.get_or_create(
        credit_code=credit_code(9999),
        defaults={"org": cast.street, "name": f"{MARKER_A}筹建对象有限公司", "headcount": 80,
                  "industry": "manufacturing", "ownership": "private"},
    )  # fmt: skip
    prospect, _created = Prospect.unscoped.get_or_create(
        employer=cast.employer_a, defaults={"org": cast.union_a, "note": f"{MARKER_A}走访对象"}
    )
    founding = Founding.unscoped.filter(prospect=prospect).first() or Founding.unscoped.create(
        org=cast.union_a, prospect=prospect, employer=cast.employer_a,
        union_name=f"{MARKER_A}分会筹建", committee=f"{MARKER_A}筹备组", contact="甲联系人",
        created_by=cast.chair_a, status="consent_requested", requested_on=today,
        requested_by=cast.chair_a,
    )  # fmt: skip
    change = TermChange.unscoped.filter(org=cast.union_a).first() or TermChange.unscoped.create(
        org=cast.union_a, plan=f"{MARKER_A}换届方案",
        candidates=[{"name": "甲候选人", "position": "chair"}], seats=1, years=5,
        election_on=today, created_by=cast.chair_a, status="submitted", submitted_on=today,
    )  # fmt: skip
    return {"employer": cast.employer_a, "founding": founding, "change": change}


def _pk(name, **extra):
    return lambda cast: {"pk": _world(cast)[name].pk, **extra}


SAMPLES = {
    "organising:employer": _pk("employer"),
    "organising:employer_visit": _pk("employer"),
    "organising:employer_assign": _pk("employer"),
    "organising:employer_join": _pk("employer"),
    "organising:founding_start": _pk("employer"),
    "organising:founding": _pk("founding"),
    "organising:founding_action": _pk("founding", action="consent"),
    "organising:founding_document": _pk("founding", kind="consent_request"),
    "organising:term_change": _pk("change"),
    "organising:term_change_action": _pk("change", action="approve_plan"),
    "organising:term_change_document": _pk("change", kind="plan"),
}


def _api(name, key):
    return lambda cast: {key: _world(cast)[name].pk}


API_SAMPLES = {
    "/api/v1/organising/employers/{employer_id}/visits": _api("employer", "employer_id"),
    "/api/v1/organising/foundings/{founding_id}": _api("founding", "founding_id"),
    "/api/v1/organising/foundings/{founding_id}/consent": _api("founding", "founding_id"),
    "/api/v1/organising/term-changes/{change_id}": _api("change", "change_id"),
    "/api/v1/organising/term-changes/{change_id}/approve-plan": _api("change", "change_id"),
}
