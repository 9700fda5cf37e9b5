"""Journey 7 on a 390 px phone: a welder proposes a fixture, is told of a similar earlier proposal,
says why his is different, submits, and follows every step of his proposal."""

import os
from decimal import Decimal

import pytest
from django.urls import get_resolver

from gonghui.innovation import services
from gonghui.innovation.models import Proposal
from tests.conftest import PASSWORD, acting
from tests.e2e.conftest import log_in, shot
from tests.innovation.helpers import make_member

os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

pytestmark = pytest.mark.e2e


@pytest.mark.django_db(transaction=True)
def test_member_submits_proposal_on_phone(cast, live_server, phone, settings):
    # Load the URLconf here (scopes are off in test bodies): some apps build querysets when
    # their modules are imported, which the live server thread would do without a scope.
    get_resolver().url_patterns  # noqa: B018
    member = make_member(
        cast.union_a, "甲工会张伟", user=cast.member_user, employer=cast.employer_a
    )
    colleague = make_member(cast.union_a, "甲工会李强", employer=cast.employer_a)
    with acting(cast.chair_a):
        earlier = services.submit_proposal(
            actor=cast.chair_a,
            author=colleague,
            kind="rationalisation",
            title="焊接夹具快速定位改进",
            problem="返工多",
            solution="定位销",
            expected_benefit=Decimal("1000"),
        )
    log_in(phone, live_server, "member-a", PASSWORD)
    phone.goto(f"{live_server.url}/innovation/mine/")
    phone.click("#new-proposal")
    phone.select_option("select[name=kind]", "rationalisation")
    phone.fill("textarea[name=problem]", "薄板件焊接后变形，返工多")
    phone.fill("textarea[name=solution]", "夹具上增加多点柔性压紧块")
    phone.fill("input[name=expected_benefit]", "180000")
    phone.locator("input[name=title]").press_sequentially("薄板焊接夹具定位改进", delay=20)
    phone.wait_for_selector("#similar-list")
    assert earlier.title in phone.inner_text("#similar-hint")
    phone.click("#submit-proposal")
    phone.wait_for_selector("text=请说明您的建议有何不同")
    phone.fill("textarea[name=difference_note]", "针对 3 毫米以下薄板件的变形")
    assert phone.evaluate("document.documentElement.scrollWidth") <= 390
    shot(phone, "innovation-submit-390")
    phone.click("#submit-proposal")
    phone.wait_for_selector("#proposal-status")
    proposal = Proposal.objects.get(author=member)
    assert proposal.difference_note == "针对 3 毫米以下薄板件的变形"
    assert [row["id"] for row in proposal.similar_hint] == [earlier.pk]
    assert phone.inner_text("#proposal-status") == "已提交"
    steps = phone.locator("ol.steps li").all_inner_texts()
    assert [s.strip() for s in steps] == [
        "提交",
        "受理",
        "评审",
        "采纳",
        "实施",
        "效益确认",
        "奖励审批",
        "奖励发放",
    ]
    assert phone.evaluate("document.documentElement.scrollWidth") <= 390
    shot(phone, "innovation-detail-390")
