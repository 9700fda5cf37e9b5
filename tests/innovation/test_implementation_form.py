"""J7 (issue 22): the first 实施 submission keeps the status and note the person chose."""

import pytest

from gonghui.innovation import services
from gonghui.innovation.models import ImplementationStatus, ProposalStatus
from tests.conftest import acting

from .test_workflow import people, score, submit, to_review  # noqa: F401  (fixture)

pytestmark = pytest.mark.django_db


def test_first_implementation_submission_keeps_the_chosen_status_and_note(people, login):  # noqa: F811
    proposal = submit(people)
    to_review(people, proposal)
    score(people.engineer1, proposal, [8, 6, 10, 4])
    score(people.engineer2, proposal, [9, 8, 9, 6])
    with acting(people.chair_a):
        services.decide(actor=people.chair_a, proposal=proposal, adopt=True, reason="减少返工")
    response = login(people.chair_a).post(
        f"/innovation/{proposal.pk}/implementation/",
        {"owner": "王工", "due": "2026-12-31", "status": "in_progress", "note": "夹具已下料"},
    )
    assert response.status_code == 302
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.IMPLEMENTING
    assert proposal.impl_status == ImplementationStatus.IN_PROGRESS
    assert proposal.impl_note == "夹具已下料"
    assert proposal.impl_owner == "王工"
