"""URL samples of the member portal for tests/test_url_scoping.py (union A's objects)."""

from .helpers import make_member

PUBLIC_ROUTES = {
    "portal:activate",
    "portal:activate_code",
    "portal:invitation",
    "portal:login",
    "portal:login_code",
    "portal:reset",
    "portal:card_check",
}


def _card(cast):
    from gonghui.portal.selectors import card_token

    return {"token": card_token(make_member(cast.union_a))}


def _member(cast):
    return {"pk": make_member(cast.union_a).pk}


def _correction(cast):
    from gonghui.core.models import User
    from gonghui.portal import services

    from .helpers import linked_member

    user = User.objects.create(username="portal-sample-member")
    linked_member(cast.union_a, user)
    correction = services.ask_correction(actor=user, field_label="学历", text="甲工会 本科")
    return correction


def official_of_a(cast):
    import datetime

    from gonghui.orgs.models import Official, Term

    term = Term.unscoped.create(
        org=cast.union_a,
        kind="committee",
        start_date=datetime.date(2024, 1, 1),
        end_date=datetime.date(2029, 1, 1),
    )
    return Official.unscoped.create(
        org=cast.union_a,
        term=term,
        name="甲工会主席",
        position="chair",
        start_date=datetime.date(2024, 1, 1),
    )


SAMPLES = {
    "portal:official_link": lambda cast: {"pk": official_of_a(cast).pk},
    "portal:card_check": _card,
    "portal:invitation": lambda cast: {"token": "no-such-invitation"},
    "portal:member_link": _member,
    "portal:correction_answer": lambda cast: {"pk": _correction(cast).pk},
}

API_SAMPLES = {
    "/api/v1/portal/members/{member_id}/link": lambda cast: {"member_id": _member(cast)["pk"]},
    "/api/v1/portal/corrections/{correction_id}/answer": lambda cast: {
        "correction_id": _correction(cast).pk
    },
}
