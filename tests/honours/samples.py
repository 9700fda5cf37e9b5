"""URL kwargs of union A's honours objects for tests/test_url_scoping.py.

Everything lives in a round organised by union A itself (a grassroots 先进个人 round), so chair_a
runs it and chair_b, outside A's subtree, must get 404 everywhere."""

import datetime

from gonghui.honours import services
from gonghui.honours.models import NominationDocument, Objection
from tests.conftest import MARKER_A, acting


def _award_type(cast):
    """Union A's own award type (organised by union A: only A's subtree and nobody above... and
    nobody beside it, such as chair_b, sees it)."""
    with acting(cast.chair_a):
        return services.create_award_type(
            actor=cast.chair_a,
            org=cast.union_a,
            name=f"{MARKER_A}先进个人",
            nominee_kind="individual",
        )


def _round(cast):
    award_type = _award_type(cast)
    with acting(cast.chair_a):
        return services.create_round(
            actor=cast.chair_a,
            award_type=award_type,
            year=2026,
            title=f"{MARKER_A}先进个人评选",
            quota=2,
            nomination_deadline=datetime.date.today() + datetime.timedelta(days=30),
        )


def _nomination(cast, round_=None, *, stage="nominated", by=None):
    """A nomination in union A's own round (no street stage: it starts recommended), made by
    ``by`` (chair_a by default), moved on to ``stage``."""
    from tests.honours.conftest import make_member

    round_ = round_ or _round(cast)
    member = make_member(cast.union_a, f"{MARKER_A}样例会员", cast.employer_a)
    by = by or cast.chair_a
    with acting(by):
        n = services.submit_nomination(
            actor=by,
            round_=round_,
            org=cast.union_a,
            member=member,
            deeds=f"{MARKER_A}样例事迹",
            is_frontline=True,
        )
    if stage == "nominated":
        return n
    if stage == "returned":
        with acting(cast.chair_a):
            services.review(actor=cast.chair_a, nomination=n, decision="return", reason="补材料")
        n.refresh_from_db()
        return n
    with acting(cast.chair_a):
        services.start_review(actor=cast.chair_a, round_=round_)
    if stage == "review":
        n.refresh_from_db()
        return n
    # The organiser's approval: not by the nominator (four eyes), here by the district.
    with acting(cast.district_admin):
        services.review(actor=cast.district_admin, nomination=n, decision="approve")
    if stage == "approved":
        n.refresh_from_db()
        return n
    start = datetime.date.today() - datetime.timedelta(days=1 if stage == "notice" else 30)
    with acting(cast.chair_a):
        services.publish_notice(actor=cast.chair_a, nomination=n, start=start)
        if stage == "awarded":
            services.award(actor=cast.chair_a, nomination=n)
    n.refresh_from_db()
    return n


def _document(cast):
    from django.core.files.base import ContentFile

    n = _nomination(cast)
    return NominationDocument.unscoped.create(
        nomination=n,
        org=n.org,
        title=f"{MARKER_A}推荐表",
        file=ContentFile(b"%PDF-1.4", name="a.pdf"),
        original_name="a.pdf",
        uploaded_by=cast.chair_a,
    )


def _objection(cast):
    n = _nomination(cast, stage="notice")
    return Objection.unscoped.create(nomination=n, org=n.org, text=f"{MARKER_A}异议")


def _round_pk(cast):
    return {"pk": _round(cast).pk}


def _nomination_pk(cast):
    return {"pk": _nomination(cast).pk}


SAMPLES = {
    "honours:round": _round_pk,
    "honours:quota_preview": _round_pk,
    "honours:criteria": _round_pk,
    "honours:judges": _round_pk,
    "honours:start_review": _round_pk,
    "honours:ranking": _round_pk,
    "honours:close_round": _round_pk,
    "honours:export": _round_pk,
    "honours:nominate": _round_pk,
    "honours:nominate_from_results": _round_pk,
    "honours:nomination": _nomination_pk,
    "honours:withdraw": _nomination_pk,
    "honours:swap": _nomination_pk,
    "honours:document_add": _nomination_pk,
    "honours:score": lambda cast: {"pk": _nomination(cast, stage="review").pk},
    "honours:recuse": lambda cast: {"pk": _nomination(cast, stage="review").pk},
    "honours:publish_notice": lambda cast: {"pk": _nomination(cast, stage="approved").pk},
    "honours:award": lambda cast: {"pk": _nomination(cast, stage="ended").pk},
    "honours:refuse": lambda cast: {"pk": _nomination(cast, stage="approved").pk},
    # chair_a organises union A's round and reviews a nomination made by staff_a (four eyes).
    "honours:review": lambda cast: {"pk": _nomination(cast, by=cast.staff_a).pk},
    "honours:resubmit": lambda cast: {
        "pk": _nomination(cast, by=cast.staff_a, stage="returned").pk
    },
    "honours:award_type_edit": lambda cast: {"pk": _award_type(cast).pk},
    "honours:certificate": lambda cast: {"pk": _nomination(cast, stage="awarded").pk},
    "honours:document": lambda cast: {"pk": _document(cast).pk},
    "honours:answer_objection": lambda cast: {"pk": _objection(cast).pk},
    "honours:history_member": lambda cast: {"pk": _nomination(cast).member_id},
    "honours:history_employer": lambda cast: {"pk": cast.employer_a.pk},
    "honours:history_org": lambda cast: {"code": cast.union_a.code},
    "honours:public_notice": lambda cast: {
        "key": _nomination(cast, stage="notice").round.public_key
    },
}

API_SAMPLES = {
    "/api/v1/honours/rounds/{round_id}": lambda cast: {"round_id": _round(cast).pk},
    "/api/v1/honours/rounds/{round_id}/quota": lambda cast: {"round_id": _round(cast).pk},
    "/api/v1/honours/rounds/{round_id}/nominations": lambda cast: {"round_id": _round(cast).pk},
    "/api/v1/honours/rounds/{round_id}/ranking": lambda cast: {"round_id": _round(cast).pk},
    "/api/v1/honours/nominations/{nomination_id}": lambda cast: {
        "nomination_id": _nomination(cast).pk
    },
    "/api/v1/honours/nominations/{nomination_id}/withdraw": lambda cast: {
        "nomination_id": _nomination(cast).pk
    },
    "/api/v1/honours/nominations/{nomination_id}/review": lambda cast: {
        "nomination_id": _nomination(cast, by=cast.staff_a).pk
    },
}

PUBLIC_ROUTES = {"honours:public_index", "honours:public_notice"}
