"""Founding a union through the services: each step, the upper level's decisions, the union in
the tree with its officials and first term, and coverage."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import translation

from gonghui.organising.enums import FoundingStatus, Stage
from gonghui.organising.models import Prospect
from gonghui.organising.services import foundings as services
from gonghui.orgs.models import Employer, Official, Org, Term
from gonghui.reports.figures import subtree_figures
from gonghui.reports.services import recompute_all
from tests.conftest import acting

from .helpers import found_union, make_target

pytestmark = pytest.mark.django_db


def test_founding_registers_union_with_officials_and_raises_coverage(cast):
    employer = make_target(cast)
    recompute_all()
    before = subtree_figures(cast.district)
    assert (before.unionised, before.employers) == (2, 3)

    founding = found_union(cast, employer)

    assert founding.status == FoundingStatus.REGISTERED
    union = Org.objects.get(code="A-NEW1")
    assert union.get_parent() == cast.street
    assert union.established_on == datetime.date.today()
    assert Employer.unscoped.get(pk=employer.pk).org == union
    term = Term.unscoped.get(org=union, is_current=True)
    assert term.number == 1
    with translation.override("en"):  # the upper level's approval, in the reader's language
        assert term.note_text == "Approval document number: 测工发〔2026〕2号"
    officials = {(o.name, o.position) for o in Official.unscoped.filter(term=term)}
    assert officials == {("张明", "chair"), ("李华", "vice_chair"), ("王芳", "member")}
    prospect = Prospect.unscoped.get(employer=employer)
    assert (prospect.stage, prospect.union) == (Stage.FOUNDED, union)
    after = subtree_figures(cast.district)
    assert (after.unionised, after.employers) == (3, 3)
    assert after.unionisation_rate > before.unionisation_rate


def test_founding_members_are_attributed_to_their_employer(cast):
    from gonghui.members.models import Member

    employer = make_target(cast)
    founding = found_union(cast, employer, members=4)
    assert set(Member.unscoped.filter(org=founding.union).values_list("employer", flat=True)) == {
        employer.pk
    }


def test_requester_cannot_consent_to_own_request(cast):
    employer = make_target(cast)
    with acting(cast.street_admin):
        founding = services.start_founding(
            actor=cast.street_admin, employer=employer, union_name="丙工会", committee="张明",
            contact="张明",
        )  # fmt: skip
        services.request_consent(actor=cast.street_admin, founding=founding)
        with pytest.raises(PermissionDenied):
            services.give_consent(actor=cast.street_admin, founding=founding, document_no="1号")
    founding.refresh_from_db()
    assert founding.status == FoundingStatus.CONSENT_REQUESTED
    assert founding.union is None


def test_consent_deadline_counts_working_days(cast):
    from gonghui.core.workdays import working_days_between

    employer = make_target(cast)
    with acting(cast.street_admin):
        founding = services.start_founding(
            actor=cast.street_admin, employer=employer, union_name="丙工会", committee="张明",
            contact="张明",
        )  # fmt: skip
        founding = services.request_consent(actor=cast.street_admin, founding=founding)
    assert founding.due_on > founding.requested_on
    assert working_days_between(founding.requested_on, founding.due_on) in (10, 11)


def test_returned_consent_needs_reason_and_goes_back(cast):
    employer = make_target(cast)
    with acting(cast.street_admin):
        founding = services.start_founding(
            actor=cast.street_admin, employer=employer, union_name="丙工会", committee="张明",
            contact="张明",
        )  # fmt: skip
        services.request_consent(actor=cast.street_admin, founding=founding)
    with acting(cast.district_admin):
        with pytest.raises(ValidationError):
            services.return_consent(actor=cast.district_admin, founding=founding, reason=" ")
        founding = services.return_consent(
            actor=cast.district_admin, founding=founding, reason="筹备组成员须含职工代表"
        )
    assert founding.status == FoundingStatus.PREPARING
    assert founding.return_reason == "筹备组成员须含职工代表"


def test_founding_refused_for_employer_with_union(cast):
    with acting(cast.street_admin), pytest.raises(ValidationError):
        services.start_founding(
            actor=cast.street_admin, employer=cast.employer_a, union_name="x", committee="x",
            contact="x",
        )  # fmt: skip


def test_union_chair_cannot_start_founding_outside_scope(cast):
    from django.http import Http404

    employer = make_target(cast)
    with acting(cast.chair_b), pytest.raises((Http404, PermissionDenied)):
        services.start_founding(
            actor=cast.chair_b, employer=employer, union_name="x", committee="x", contact="x"
        )
    assert not Prospect.unscoped.exists()


def test_election_without_members_is_refused(cast):
    employer = make_target(cast)
    with acting(cast.street_admin):
        founding = services.start_founding(
            actor=cast.street_admin, employer=employer, union_name="丙工会", committee="张明",
            contact="张明",
        )  # fmt: skip
        services.request_consent(actor=cast.street_admin, founding=founding)
    with acting(cast.district_admin):
        founding = services.give_consent(
            actor=cast.district_admin, founding=founding, document_no="1号"
        )
    from django.utils import timezone

    from .helpers import CANDIDATES

    with acting(cast.street_admin), pytest.raises(ValidationError, match="还没有会员"):
        services.set_up_election(
            actor=cast.street_admin, founding=founding, seats=3, candidates=CANDIDATES,
            starts_at=timezone.now(),
        )  # fmt: skip
    founding.refresh_from_db()
    assert founding.status == FoundingStatus.RECRUITING
    assert founding.poll is None


def test_registration_code_must_be_new(cast):
    employer = make_target(cast)
    with pytest.raises(ValidationError, match="组织代码已存在"):
        found_union(cast, employer, code="A")
