"""URL samples for tests/test_url_scoping.py: objects of union A created through services."""

from decimal import Decimal

from tests.conftest import acting

from .helpers import make_member


def proposal_of_a(cast):
    from gonghui.innovation import services

    author = make_member(cast.union_a, "甲工会建议人", employer=cast.employer_a)
    with acting(cast.chair_a):
        return services.submit_proposal(
            actor=cast.chair_a,
            author=author,
            kind="rationalisation",
            title="甲工会夹具改进",
            problem="返工多",
            solution="加定位销",
            expected_benefit=Decimal("1000"),
        )


def review_of_a(cast):
    from gonghui.innovation import services
    from gonghui.innovation.models import Review

    proposal = proposal_of_a(cast)
    with acting(cast.chair_a):
        services.triage_proposal(actor=cast.chair_a, proposal=proposal)
        services.assign_reviewers(actor=cast.chair_a, proposal=proposal, reviewers=[cast.chair_a])
    return Review.objects.get(proposal=proposal)


def attachment_of_a(cast):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from gonghui.innovation import services

    proposal = proposal_of_a(cast)
    with acting(cast.chair_a):
        return services.add_attachment(
            actor=cast.chair_a,
            proposal=proposal,
            upload=SimpleUploadedFile("甲工会图纸.txt", b"drawing"),
        )


def _pk(cast):
    return {"pk": proposal_of_a(cast).pk}


SAMPLES = {
    "innovation:detail": _pk,
    "innovation:attach": _pk,
    "innovation:review": _pk,
    "innovation:attachment": lambda cast: {"pk": attachment_of_a(cast).pk},
    **{
        f"innovation:proposal_{name}": _pk
        for name in (
            "triage",
            "reviewers",
            "decide",
            "implementation",
            "benefit",
            "reward",
            "payment",
            "milestone",
        )
    },
}

_proposal_id = lambda cast: {"proposal_id": proposal_of_a(cast).pk}  # noqa: E731

API_SAMPLES = {
    "/api/v1/innovation/proposals/{proposal_id}": _proposal_id,
    "/api/v1/innovation/proposals/{proposal_id}/triage": _proposal_id,
    "/api/v1/innovation/proposals/{proposal_id}/decision": _proposal_id,
    "/api/v1/innovation/proposals/{proposal_id}/benefit": _proposal_id,
    "/api/v1/innovation/proposals/{proposal_id}/reward": _proposal_id,
    "/api/v1/innovation/proposals/{proposal_id}/payment": _proposal_id,
    "/api/v1/innovation/proposals/{proposal_id}/reviews": _proposal_id,
    "/api/v1/innovation/reviews/{review_id}/scores": lambda cast: {
        "review_id": review_of_a(cast).pk
    },
    "/api/v1/innovation/reviews/{review_id}/recusal": lambda cast: {
        "review_id": review_of_a(cast).pk
    },
}

PUBLIC_ROUTES: set = set()
