"""J11: a collective contract takes its congress vote from the resolution that approved it."""

import pytest
from django.core.exceptions import ValidationError

from gonghui.assemblies import services as congress_services
from gonghui.orgs.models import Employer
from gonghui.workplace import selectors, services
from gonghui.workplace.models import Contract, ContractStatus
from tests.assemblies.helpers import (
    SCRUTINEERS,
    UNLOCK,
    check_in_all,
    make_congress,
    make_session,
)
from tests.conftest import acting
from tests.workplace.test_services import wage_contract

pytestmark = pytest.mark.django_db


def resolution(cast, counts, *, congress=None, people=None, title="审议通过工资专项集体合同草案"):
    """A paper resolution of union A's congress (employer A), counted and confirmed."""
    if congress is None:
        congress, people = make_congress(cast, delegates=6)
    session = make_session(cast, congress)
    check_in_all(cast, session, people)
    with acting(cast.chair_a):
        poll = congress_services.create_poll(
            actor=cast.chair_a,
            session=session,
            kind="resolution",
            title=title,
            method="paper",
            is_secret=False,
        )
        congress_services.open_poll(actor=cast.chair_a, poll=poll, **SCRUTINEERS)
        poll = congress_services.close_poll(actor=cast.chair_a, poll=poll, **UNLOCK)
        congress_services.enter_tally(actor=cast.chair_a, poll=poll, counts=counts)
    with acting(cast.staff_a):
        return congress_services.confirm_tally(actor=cast.staff_a, poll=poll)


def link(cast, contract, poll):
    with acting(cast.chair_a):
        return services.link_resolution(actor=cast.chair_a, contract=contract, poll=poll)


def test_the_tally_comes_from_the_resolution(cast):
    poll = resolution(cast, {"yes": 5, "no": 0, "abstain": 1})
    contract = wage_contract(cast)
    with acting(cast.chair_a):
        assert selectors.resolutions_for(contract) == [poll]
    link(cast, contract, poll)
    c = Contract.unscoped.get(pk=contract.pk)
    assert (c.status, c.resolution_id) == (ContractStatus.APPROVED, poll.pk)
    assert (c.delegates_total, c.delegates_present) == (6, 6)
    assert (c.votes_for, c.votes_against, c.votes_abstain) == (5, 0, 1)
    assert c.tally_text.startswith(poll.result_text)
    assert "审议通过工资专项集体合同草案" in c.resolution_ref


def test_a_resolution_that_did_not_pass_is_refused(cast):
    poll = resolution(cast, {"yes": 3, "no": 2, "abstain": 1})
    contract = wage_contract(cast)
    with acting(cast.chair_a):
        assert selectors.resolutions_for(contract) == []
    with pytest.raises(ValidationError) as err:
        link(cast, contract, poll)
    assert err.value.message_dict == {"poll": ["该决议未获通过，不能作为合同的职代会通过依据"]}
    assert Contract.unscoped.get(pk=contract.pk).status == ContractStatus.DRAFT


def test_another_enterprises_resolution_is_refused(cast):
    poll = resolution(cast, {"yes": 6, "no": 0, "abstain": 0})
    congress = poll.session.congress
    congress.employer = Employer.unscoped.create(org=cast.union_a, name="甲工会另一家企业")
    congress.save(update_fields=["employer"])
    poll.refresh_from_db()
    contract = wage_contract(cast)
    with acting(cast.chair_a):
        assert selectors.resolutions_for(contract) == []
    with pytest.raises(ValidationError) as err:
        link(cast, contract, poll)
    assert err.value.message_dict == {
        "poll": ["该决议属于其他单位的职代会，不能作为本合同的表决依据"]
    }


def test_one_resolution_approves_one_contract(cast):
    poll = resolution(cast, {"yes": 6, "no": 0, "abstain": 0})
    first = wage_contract(cast)
    link(cast, first, poll)
    second = wage_contract(cast)
    with pytest.raises(ValidationError, match="已关联集体合同"):
        link(cast, second, poll)


def test_the_contract_page_shows_and_links_the_resolution(cast, login):
    poll = resolution(cast, {"yes": 5, "no": 0, "abstain": 1})
    contract = wage_contract(cast)
    client = login(cast.chair_a)
    page = client.get(f"/workplace/contracts/{contract.pk}/resolution/")
    assert page.status_code == 200
    assert "赞成 5、反对 0、弃权 1" in page.content.decode()
    done = client.post(f"/workplace/contracts/{contract.pk}/resolution/", {"poll": poll.pk})
    assert done.status_code == 302
    detail = client.get(f"/workplace/contracts/{contract.pk}/").content.decode()
    assert f'href="/assemblies/polls/{poll.pk}/"' in detail
    assert "表决结果取自职代会决议" in detail
    assert "弃权 1" in detail


def test_chair_b_cannot_link_union_as_resolution(cast, login):
    poll = resolution(cast, {"yes": 6, "no": 0, "abstain": 0})
    contract = wage_contract(cast)
    client = login(cast.chair_b)
    assert client.get(f"/workplace/contracts/{contract.pk}/resolution/").status_code == 404
    assert (
        client.post(
            f"/workplace/contracts/{contract.pk}/resolution/", {"poll": poll.pk}
        ).status_code
        == 404
    )


def test_the_api_links_a_resolution_and_refuses_a_failed_one(cast, login):
    passed = resolution(cast, {"yes": 6, "no": 0, "abstain": 0})
    contract = wage_contract(cast)
    client = login(cast.chair_a)
    url = f"/api/v1/workplace/contracts/{contract.pk}/resolution"
    answer = client.post(url, {"poll_id": passed.pk}, content_type="application/json")
    assert answer.status_code == 200
    body = answer.json()
    assert (body["status"], body["resolution_id"], body["votes_abstain"]) == (
        "approved",
        passed.pk,
        0,
    )
    again = client.post(url, {"poll_id": passed.pk}, content_type="application/json")
    assert again.status_code in (400, 422)
    missing = client.post(url, {"poll_id": 2**31 - 1}, content_type="application/json")
    assert missing.status_code == 404
