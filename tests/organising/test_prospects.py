"""Employers without a union: the list and its filters, organisers, visits and the pipeline."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from gonghui.organising import selectors
from gonghui.organising.enums import Stage
from gonghui.organising.models import Prospect, Visit
from gonghui.organising.services import prospects as services
from gonghui.orgs.models import Employer, Org
from tests.conftest import acting

from .helpers import make_target

pytestmark = pytest.mark.django_db


def test_list_shows_employers_without_union_by_size(cast):
    big = make_target(cast, headcount=80, name="丙公司", n=9101)
    small = make_target(cast, headcount=12, name="丁小店", n=9102)
    with acting(cast.street_admin):
        assert list(selectors.employers_without_union(min_headcount=25)) == [big]
        assert set(selectors.employers_without_union()) == {big, small}
        assert list(selectors.employers_without_union(size="micro")) == [small]
    with acting(cast.chair_b):
        assert list(selectors.employers_without_union()) == []


def test_first_visit_moves_to_contacted_and_keeps_next_visit(cast):
    employer = make_target(cast)
    today = datetime.date.today()
    with acting(cast.street_admin):
        services.record_visit(
            actor=cast.street_admin, employer=employer, kind="visit", visited_on=today,
            summary="宣讲工会法", next_visit_on=today + datetime.timedelta(days=5),
        )  # fmt: skip
    prospect = Prospect.unscoped.get(employer=employer)
    assert (prospect.stage, prospect.contacted_on) == (Stage.CONTACTED, today)
    assert prospect.next_visit_on == today + datetime.timedelta(days=5)
    assert Visit.unscoped.filter(prospect=prospect).count() == 1


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"summary": " "}, "summary"),
        ({"visited_on": datetime.date.today() + datetime.timedelta(days=1)}, "visited_on"),
        ({"next_visit_on": datetime.date(2000, 1, 1)}, "next_visit_on"),
    ],
)
def test_bad_visit_is_refused_and_nothing_written(cast, fields, field):
    employer = make_target(cast)
    values = {"kind": "visit", "visited_on": datetime.date.today(), "summary": "走访", **fields}
    with acting(cast.street_admin), pytest.raises(ValidationError) as info:
        services.record_visit(actor=cast.street_admin, employer=employer, **values)
    assert field in info.value.message_dict
    assert not Visit.unscoped.exists()


def test_organiser_must_be_staff_of_that_level(cast):
    employer = make_target(cast)
    with acting(cast.street_admin):
        prospect = services.assign_organiser(
            actor=cast.street_admin, employer=employer, organiser=cast.street_admin
        )
        assert prospect.organiser == cast.street_admin
        with pytest.raises(ValidationError):
            services.assign_organiser(
                actor=cast.street_admin, employer=employer, organiser=cast.member_user
            )


def test_small_employer_joins_joint_union_and_counts_as_unionised(cast):
    from gonghui.reports.figures import subtree_figures

    joint = Org.objects.add_child(
        cast.street, {"code": "J1", "kind": "area", "name": "测试区域性工会"}
    )
    employer = make_target(cast, headcount=12)
    with acting(cast.street_admin):
        prospect = services.join_multi_union(
            actor=cast.street_admin, employer=employer, union=joint
        )
    assert (prospect.stage, prospect.union) == (Stage.FOUNDED, joint)
    assert Employer.unscoped.get(pk=employer.pk).org == joint
    assert subtree_figures(cast.district).unionised == 3


def test_join_refuses_a_plain_grassroots_union(cast):
    employer = make_target(cast, headcount=12)
    with acting(cast.street_admin), pytest.raises(ValidationError):
        services.join_multi_union(actor=cast.street_admin, employer=employer, union=cast.union_b)


def test_pipeline_counts_per_street_and_month(cast):
    first = make_target(cast, n=9201)
    make_target(cast, n=9202, name="戊公司")
    make_target(cast, n=9203, name="己公司", org=cast.other_street)
    with acting(cast.street_admin):
        services.record_visit(actor=cast.street_admin, employer=first, kind="phone",
                              visited_on=datetime.date.today(), summary="电话")  # fmt: skip
    with acting(cast.district_admin):
        rows = {street.code: (counts, total) for street, counts, total in
                selectors.pipeline_by_street(25)}  # fmt: skip
        months = dict(selectors.pipeline_by_month())
    assert rows["S1"][0] == {"found": 1, "contacted": 1, "preparing": 0, "founded": 0}
    assert rows["S2"] == ({"found": 1, "contacted": 0, "preparing": 0, "founded": 0}, 1)
    assert months[datetime.date.today().strftime("%Y-%m")]["contacted"] == 1
