"""Objects of union A for the URL-scoping walk (tests/test_url_scoping.py)."""

from .helpers import make_congress, make_session


def _world(cast):
    from gonghui.assemblies import services
    from tests.conftest import acting

    congress, people = make_congress(cast, delegates=3)
    session = make_session(cast, congress)
    with acting(cast.chair_a):
        document = services.add_document(actor=cast.chair_a, session=session, title="甲工会文件")
        poll = services.create_poll(
            actor=cast.chair_a, session=session, kind="resolution", title="甲工会决议"
        )
        proposal = services.submit_proposal(
            actor=cast.chair_a,
            delegate=people[0],
            title="甲工会提案",
            body="甲工会",
            cosigners=people[1:],
        )
    return {
        "congress": congress,
        "delegate": people[0],
        "session": session,
        "document": document,
        "poll": poll,
        "proposal": proposal,
    }


def _checkin_code(session):
    from gonghui.assemblies import services

    return services.checkin_code(session)


def _pk(name):
    return lambda cast: {"pk": _world(cast)[name].pk}


SAMPLES = {
    "assemblies:congress": _pk("congress"),
    "assemblies:delegate_add": _pk("congress"),
    "assemblies:session_create": _pk("congress"),
    "assemblies:proposals": _pk("congress"),
    "assemblies:my_proposal_new": _pk("congress"),
    "assemblies:delegate_end": _pk("delegate"),
    "assemblies:session": _pk("session"),
    "assemblies:session_live": _pk("session"),
    "assemblies:session_action": _pk("session"),
    "assemblies:session_qr": _pk("session"),
    "assemblies:session_qr_panel": _pk("session"),
    "assemblies:projector": _pk("session"),
    "assemblies:projector_live": _pk("session"),
    "assemblies:vote_record": _pk("session"),
    "assemblies:poll_create": _pk("session"),
    "assemblies:my_session": _pk("session"),
    "assemblies:document_release": _pk("document"),
    "assemblies:poll": _pk("poll"),
    "assemblies:poll_action": _pk("poll"),
    "assemblies:poll_sheet": _pk("poll"),
    "assemblies:poll_ballot": _pk("poll"),
    "assemblies:my_vote": _pk("poll"),
    "assemblies:my_results": _pk("poll"),
    "assemblies:proposal": _pk("proposal"),
    "assemblies:my_proposal": _pk("proposal"),
    "assemblies:qr_checkin": lambda cast: dict(
        zip(("token", "mac"), _checkin_code(_world(cast)["session"]).split("."), strict=True)
    ),
}


def _api(name, key):
    return lambda cast: {key: _world(cast)[name].pk}


API_SAMPLES = {
    "/api/v1/assemblies/congresses/{congress_id}": _api("congress", "congress_id"),
    "/api/v1/assemblies/congresses/{congress_id}/composition": _api("congress", "congress_id"),
    "/api/v1/assemblies/congresses/{congress_id}/delegates": _api("congress", "congress_id"),
    "/api/v1/assemblies/congresses/{congress_id}/sessions": _api("congress", "congress_id"),
    "/api/v1/assemblies/congresses/{congress_id}/proposals": _api("congress", "congress_id"),
    "/api/v1/assemblies/sessions/{session_id}": _api("session", "session_id"),
    "/api/v1/assemblies/sessions/{session_id}/figures": _api("session", "session_id"),
    "/api/v1/assemblies/sessions/{session_id}/check-in": _api("session", "session_id"),
    "/api/v1/assemblies/sessions/{session_id}/polls": _api("session", "session_id"),
    "/api/v1/assemblies/polls/{poll_id}": _api("poll", "poll_id"),
    "/api/v1/assemblies/polls/{poll_id}/open": _api("poll", "poll_id"),
    "/api/v1/assemblies/polls/{poll_id}/close": _api("poll", "poll_id"),
    "/api/v1/assemblies/polls/{poll_id}/vote": _api("poll", "poll_id"),
    "/api/v1/assemblies/polls/{poll_id}/receipt": _api("poll", "poll_id"),
    "/api/v1/assemblies/proposals/{proposal_id}/handle": _api("proposal", "proposal_id"),
}

PUBLIC_ROUTES: set = set()
