"""Set-up for organising tests: an employer without a union, the founding flow step by step
through the services, and a paper election run in the assemblies module."""

import datetime
import itertools

from django.utils import timezone
from stdnum.cn import uscc

from gonghui.assemblies import services as assemblies
from gonghui.orgs.models import Employer
from tests.conftest import acting

_seq = itertools.count(1)


def make_member(org, name, *, gender="M", employer=None):
    from gonghui.core.text.idnumbers import make_id_number
    from gonghui.members.models import Member

    n = next(_seq)
    return Member.unscoped.create(
        org=org, name=name, gender=gender, birth_date=datetime.date(1990, 1, 1),
        id_number=make_id_number("110101", datetime.date(1990, 1, 1), 100 + n),
        phone=f"137{n:08d}", join_date=datetime.date(2026, 1, 5), card_number=f"OG{n:08d}",
        employer=employer,
    )  # fmt: skip


CANDIDATES = [
    {"name": "张明", "position": "chair"},
    {"name": "李华", "position": "vice_chair"},
    {"name": "王芳", "position": "member"},
    {"name": "赵强", "position": "member"},
]


def credit_code(n):
    body = f"91320102MA{n:07d}"
    return body + uscc.calc_check_digit(body)


def make_target(cast, *, headcount=80, name="丙智能装备有限公司", n=9001, org=None):
    return Employer.unscoped.create(
        org=org or cast.street, name=name, credit_code=credit_code(n), industry="manufacturing",
        ownership="private", headcount=headcount,
    )  # fmt: skip


def run_paper_election(poll, *, enter_as, confirm_as, votes):
    """Check everyone in, open, close, enter the tally (``votes``: name -> votes for) and have
    a second person confirm it."""
    session = poll.session
    delegates = list(assemblies.voting_delegates(session.congress))
    with acting(enter_as):
        if session.status == "planned":
            assemblies.open_session(actor=enter_as, session=session)
        for delegate in delegates:
            assemblies.check_in_delegate(actor=enter_as, session=session, delegate=delegate)
        assemblies.open_poll(actor=enter_as, poll=poll)
        assemblies.close_poll(actor=enter_as, poll=poll)
        valid = len(delegates)
        counts = {
            "valid": valid,
            "invalid": 0,
            "candidates": {
                str(c.pk): [votes.get(c.name, 0), valid - votes.get(c.name, 0), 0]
                for c in poll.candidates.all()
            },
        }
        assemblies.enter_tally(actor=enter_as, poll=poll, counts=counts)
    with acting(confirm_as):
        assemblies.confirm_tally(actor=confirm_as, poll=poll)
    poll.refresh_from_db()
    return poll


def found_union(cast, employer, *, members=5, code="A-NEW1"):
    """Run a founding to the end through the services; returns the founding."""
    from gonghui.organising.services import foundings as services

    with acting(cast.street_admin):
        founding = services.start_founding(
            actor=cast.street_admin, employer=employer, union_name=f"{employer.name}工会",
            committee="组长 张明；成员 李华、王芳", contact="张明",
        )  # fmt: skip
        services.request_consent(actor=cast.street_admin, founding=founding)
    with acting(cast.district_admin):
        founding = services.give_consent(
            actor=cast.district_admin, founding=founding, document_no="测工发〔2026〕1号"
        )
    for i in range(members):
        make_member(founding.union, f"新会员{i}")
    with acting(cast.street_admin):
        founding = services.set_up_election(
            actor=cast.street_admin, founding=founding, seats=3, candidates=CANDIDATES,
            starts_at=timezone.now(), method="paper",
        )  # fmt: skip
    run_paper_election(
        founding.poll, enter_as=cast.street_admin, confirm_as=cast.district_admin,
        votes={"张明": members, "李华": members, "王芳": members - 1, "赵强": 1},
    )  # fmt: skip
    with acting(cast.street_admin):
        founding = services.record_election(actor=cast.street_admin, founding=founding)
        founding = services.request_approval(actor=cast.street_admin, founding=founding)
    with acting(cast.district_admin):
        founding = services.approve_founding(
            actor=cast.district_admin, founding=founding, document_no="测工发〔2026〕2号"
        )
    with acting(cast.street_admin):
        founding = services.register_union(
            actor=cast.street_admin, founding=founding, code=code,
            established_on=datetime.date.today(),
        )  # fmt: skip
    return founding
