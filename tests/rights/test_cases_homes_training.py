import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.utils import translation

from gonghui.orgs.models import Official, Term
from gonghui.rights import selectors, services
from gonghui.rights.enums import CaseStatus, EventKind, HomeRatingStatus
from gonghui.rights.models import HomeCriterion
from tests.conftest import MARKER_A, acting
from tests.core.test_demo_pages import _fold_in_fragments

from .helpers import file_request

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english():
    # the English of this branch's fragment, before `make messages` compiles it
    _fold_in_fragments()


def _case(cast, request=None):
    with acting(cast.chair_a):
        return services.open_case(
            actor=cast.chair_a,
            org=cast.union_a,
            kind="mediation",
            title=f"{MARKER_A}欠薪调解",
            request=request,
            counsel_name="林律师",
        )


def test_case_from_request_with_claims_agreement_and_recovery(cast):
    req, _ = file_request(cast, affected=40)
    case = _case(cast, request=req)
    opened = req.events.get(kind=EventKind.CASE_OPENED)
    assert opened.shown_text == f"劳动争议调解：{MARKER_A}欠薪调解"
    with translation.override("en"):
        assert opened.shown_text.endswith(f": {MARKER_A}欠薪调解")
        assert not opened.shown_text.startswith("劳动争议调解")
    with acting(cast.chair_a):
        services.add_party(
            actor=cast.chair_a, case=case, role="worker", name="张三等40人", workers=40
        )
        services.add_claim(
            actor=cast.chair_a, case=case, description="三个月工资", amount=Decimal("480000.00")
        )
        services.add_session(
            actor=cast.chair_a,
            case=case,
            kind="mediation",
            held_on=datetime.date(2026, 10, 9),
            place="街道调解室",
        )
        services.record_agreement(
            actor=cast.chair_a,
            case=case,
            signed_on=datetime.date(2026, 10, 9),
            terms="分两期支付",
            amount=Decimal("450000"),
        )
        services.record_recovery(
            actor=cast.chair_a,
            case=case,
            received_on=datetime.date(2026, 10, 20),
            amount="225000.00",
        )
        services.record_recovery(
            actor=cast.chair_a,
            case=case,
            received_on=datetime.date(2026, 10, 21),
            amount="-1000",
            note="重复登记冲正",
        )
        with pytest.raises(ValidationError):
            services.record_recovery(
                actor=cast.chair_a,
                case=case,
                received_on=datetime.date(2026, 10, 21),
                amount="-999999",
                note="x",
            )
    case.refresh_from_db()
    assert case.status == CaseStatus.AGREED
    assert selectors.case_recovered(case) == Decimal("224000.00")
    with acting(cast.district_admin):
        stats = selectors.dashboard(cast.district, 2026)
    assert stats["recovered"] == Decimal("224000.00")


def test_chair_b_cannot_touch_union_a_case(cast):
    case = _case(cast)
    with acting(cast.chair_b), pytest.raises(Http404):
        services.add_claim(actor=cast.chair_b, case=case, description="x", amount=1)


def _rated_home(cast):
    with acting(cast.chair_a):
        rating = services.start_home_rating(actor=cast.chair_a, org=cast.union_a, year=2026)
        values = {c.pk: c.max_score for c in HomeCriterion.objects.all()}
        services.save_self_assessment(actor=cast.chair_a, rating=rating, values=values)
        services.submit_home_rating(actor=cast.chair_a, rating=rating)
    return rating, values


def test_home_rating_self_assessed_then_reviewed_by_upper_union(cast):
    rating, values = _rated_home(cast)
    # The union cannot review itself.
    with acting(cast.chair_a), pytest.raises(PermissionDenied):
        services.review_home_rating(actor=cast.chair_a, rating=rating, values=values)
    review = dict(values)
    first = HomeCriterion.objects.order_by("order").first()
    review[first.pk] = first.max_score - 12  # 88 of 100 → below 90
    with acting(cast.street_admin):
        services.review_home_rating(
            actor=cast.street_admin, rating=rating, values=review, today=datetime.date(2026, 11, 2)
        )
    rating.refresh_from_db()
    assert rating.status == HomeRatingStatus.REVIEWED
    assert (rating.self_total, rating.review_total) == (100, 88)
    assert rating.level == "合格职工之家"
    assert rating.valid_until == datetime.date(2029, 11, 2)
    assert "职工之家评定等级" in rating.level_rule
    assert rating.level_rule == (
        "职工之家评定等级 = 最低百分比：90；等级：模范职工之家；最低百分比：75；等级：合格职工之家；"
        "最低百分比：0；等级：未达标（默认）；职工之家评定有效期（年） = 3（默认）"
    )
    with translation.override("en"):
        assert rating.level_rule == (
            "Workers' home grades = Minimum percentage: 90; Rating: Model workers' home; "
            "Minimum percentage: 75; Rating: Qualified workers' home; Minimum percentage: 0; "
            "Rating: Below standard (Default); Workers' home grade validity (years) = 3 (Default)"
        )


def test_home_score_above_maximum_refused(cast):
    with acting(cast.chair_a):
        rating = services.start_home_rating(actor=cast.chair_a, org=cast.union_a, year=2026)
        crit = HomeCriterion.objects.first()
        with pytest.raises(ValidationError):
            services.save_self_assessment(
                actor=cast.chair_a, rating=rating, values={crit.pk: crit.max_score + 1}
            )


def _officials(cast):
    term = Term.unscoped.create(
        org=cast.union_a,
        kind="committee",
        start_date=datetime.date(2024, 1, 1),
        end_date=datetime.date(2029, 1, 1),
    )
    chair = Official.unscoped.create(
        org=cast.union_a,
        term=term,
        name=f"{MARKER_A}主席",
        position="chair",
        start_date=term.start_date,
    )
    vice = Official.unscoped.create(
        org=cast.union_a,
        term=term,
        name="孙副主席",
        position="vice_chair",
        start_date=term.start_date,
    )
    return chair, vice


def test_training_hours_and_untrained_officials(cast):
    """Officials' training is part of the learning record (life): a course for officials, the
    officials recorded by staff, hours per official per year."""
    from gonghui.life import learning
    from gonghui.life.services import courses

    chair, _vice = _officials(cast)
    with acting(cast.district_admin):
        course = courses.create_course(
            actor=cast.district_admin,
            org=cast.district,
            title="工会干部履职能力培训",
            audience="officials",
            starts_on=datetime.date(2026, 4, 1),
            hours=8,
        )
        assert (
            courses.record_officials(
                actor=cast.district_admin, course=course, official_ids=[chair.pk]
            )
            == 1
        )
        assert (
            courses.record_officials(
                actor=cast.district_admin, course=course, official_ids=[chair.pk]
            )
            == 0
        )
        hours = {o.name: o.hours for o in learning.officials_training(2026)}
        last_year = {o.name: o.hours for o in learning.officials_training(2025)}
    assert hours == {f"{MARKER_A}主席": Decimal("8.0"), "孙副主席": None}
    assert last_year[f"{MARKER_A}主席"] is None


def test_training_page_lists_untrained(cast, login):
    """The old address redirects to the learning record, which lists the untrained."""
    _officials(cast)
    response = login(cast.chair_a).get("/rights/training/?year=2026")
    assert response.status_code == 302 and response["Location"] == "/life/learning/?year=2026"
    page = login(cast.chair_a).get("/rights/training/?year=2026", follow=True).content.decode()
    assert "孙副主席" in page and "本年度未参加培训的干部" in page
    assert (
        "孙副主席" not in login(cast.chair_b).get("/rights/training/", follow=True).content.decode()
    )


def test_old_course_addresses_redirect_to_the_learning_record(cast, login):
    from gonghui.life.services import courses

    with acting(cast.chair_a):
        course = courses.create_course(
            actor=cast.chair_a, org=cast.union_a, title=f"{MARKER_A}干部培训班",
            audience="officials", starts_on=datetime.date(2026, 3, 1), hours=8,
        )  # fmt: skip
    chair = login(cast.chair_a)
    response = chair.get(f"/rights/training/courses/{course.pk}/")
    assert response.status_code == 302 and response["Location"] == f"/life/courses/{course.pk}/"
    assert chair.get("/rights/training/courses/new/")["Location"] == (
        "/life/courses/new/?audience=officials"
    )
    assert login(cast.chair_b).get(f"/rights/training/courses/{course.pk}/").status_code == 404
