"""No re-typing between modules, in the browser at 1280 px: a contract takes its congress vote
from the resolution (J11), a competition's team is nominated for 工人先锋号 from the ranking
(J8), a skill contest runs in rounds with a weighted scorecard, and a joint commitment shows its
targets and the district totals."""

import datetime
import os

import pytest
from django.urls import get_resolver

from gonghui.contests import services as contest_services
from gonghui.contests.models import RoundStage
from gonghui.workplace import services as workplace_services
from tests.conftest import PASSWORD, acting
from tests.e2e.conftest import log_in, shot
from tests.honours.conftest import make_round
from tests.innovation.helpers import make_member
from tests.workplace.test_contract_resolution import resolution
from tests.workplace.test_services import wage_contract

os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

pytestmark = pytest.mark.e2e


@pytest.mark.django_db(transaction=True)
def test_contract_takes_the_congress_vote_from_the_resolution(cast, live_server, page):
    get_resolver().url_patterns  # noqa: B018  (load the URLconf while scopes are off)
    poll = resolution(cast, {"yes": 5, "no": 0, "abstain": 1})
    contract = wage_contract(cast)
    log_in(page, live_server, cast.chair_a.username, PASSWORD)
    page.goto(f"{live_server.url}/workplace/contracts/{contract.pk}/")
    page.click("text=关联职代会决议")
    page.check(f"input[name=poll][value='{poll.pk}']")
    shot(page, "links-j11-pick-resolution")
    page.click("button:has-text('保存')")
    page.wait_for_selector("#resolution-link")
    text = page.inner_text("#contract-vote")
    assert "赞成 5，反对 0" in text and "弃权 1" in text
    assert "表决结果取自职代会决议" in text
    shot(page, "links-j11-contract-linked")
    page.click("#resolution-link")
    page.wait_for_url(f"{live_server.url}/assemblies/polls/{poll.pk}/")
    shot(page, "links-j11-back-to-the-resolution")


@pytest.mark.django_db(transaction=True)
def test_a_competition_team_is_nominated_for_worker_pioneer(cast, live_server, page):
    get_resolver().url_patterns  # noqa: B018
    with acting(cast.chair_a):
        campaign = contest_services.create_campaign(
            actor=cast.chair_a,
            org=cast.union_a,
            theme="甲工会安全生产竞赛",
            start_date=datetime.date(2026, 1, 1),
            end_date=datetime.date(2026, 12, 31),
        )
        contest_services.add_indicator(
            actor=cast.chair_a, campaign=campaign, name="隐患整改", weight=1
        )
        team = contest_services.add_team(
            actor=cast.chair_a, campaign=campaign, name="甲工会焊接一班", unit=cast.union_a
        )
        contest_services.start_campaign(actor=cast.chair_a, campaign=campaign)
    round_ = make_round(
        cast.district_admin, cast.district, award_type="worker_pioneer", title="工人先锋号评选"
    )
    log_in(page, live_server, cast.chair_a.username, PASSWORD)
    page.goto(f"{live_server.url}/honours/rounds/{round_.pk}/")
    page.click("text=从竞赛成绩推荐")
    shot(page, "links-j8-results")
    page.click(f"a[href$='?team={team.pk}']")
    assert page.input_value("input[name=nominee_name]") == "甲工会焊接一班"
    assert "当前排名第 1 名" in page.input_value("input[name=reference]")
    page.select_option("select[name=employer]", str(cast.employer_a.pk))
    shot(page, "links-j8-prefilled")
    page.click("button:has-text('提交')")
    page.wait_for_selector("#nomination-source a")
    shot(page, "links-j8-nomination")
    page.click("#nomination-source a")
    page.wait_for_url(f"{live_server.url}/contests/{campaign.pk}/")
    shot(page, "links-j8-back-to-the-competition")


@pytest.mark.django_db(transaction=True)
def test_a_skill_contest_winner_is_nominated_from_the_published_results(cast, live_server, page):
    """J8 for individuals: the winner of a skill contest goes forward to an individual award
    from the contest's published results, with nothing typed again."""
    get_resolver().url_patterns  # noqa: B018
    people = [make_member(cast.union_a, f"甲工会焊工{n}") for n in "甲乙丙"]
    with acting(cast.chair_a):
        event = contest_services.create_event(
            actor=cast.chair_a,
            org=cast.union_a,
            name="甲工会第五届焊工技能比武",
            held_on=datetime.date(2026, 5, 1),
        )
        contestants = [
            contest_services.add_contestant(
                actor=cast.chair_a, event=event, member=m, number=f"0{i}"
            )
            for i, m in enumerate(people, start=1)
        ]
        contest_services.add_judge(actor=cast.chair_a, event=event, user=cast.chair_a)
        for contestant, score in zip(contestants, ("88", "95", "79"), strict=True):
            contest_services.score_contestant(
                actor=cast.chair_a, event=event, contestant=contestant, score=score
            )
        contest_services.publish_results(actor=cast.chair_a, event=event)
    round_ = make_round(cast.district_admin, cast.district, title="五一劳动奖章评选")
    log_in(page, live_server, cast.chair_a.username, PASSWORD)
    page.goto(f"{live_server.url}/honours/rounds/{round_.pk}/")
    page.click("text=从竞赛成绩推荐")
    assert "成绩已发布" in page.inner_text("main")
    winner = contestants[1]
    page.click(f"a[href$='?contestant={winner.pk}']")
    assert page.input_value("input[name=member_name]") == "甲工会焊工乙"
    assert page.input_value("input[name=member_key]") == people[1].card_number
    assert "第 1 名" in page.input_value("input[name=reference]")
    page.click("button:has-text('提交')")
    page.wait_for_selector("#nomination-source a")
    assert "甲工会第五届焊工技能比武" in page.inner_text("#nomination-source")
    # Back on the results page the place shows as nominated, linked to the nomination.
    page.goto(f"{live_server.url}/honours/rounds/{round_.pk}/")
    page.click("text=从竞赛成绩推荐")
    assert page.locator(f"a[href$='?contestant={winner.pk}']").count() == 0
    assert "已推荐" in page.inner_text("main")
    page.click("text=已推荐")
    page.click("#nomination-source a")
    page.wait_for_url(f"{live_server.url}/contests/events/{event.pk}/")
    shot(page, "links-j8-skill-contest-nomination")


@pytest.mark.django_db(transaction=True)
def test_a_skill_contest_round_is_scored_on_a_scorecard_and_closed(cast, live_server, page):
    get_resolver().url_patterns  # noqa: B018
    people = [make_member(cast.union_a, f"甲工会选手{n}") for n in "一二三"]
    with acting(cast.chair_a):
        event = contest_services.create_event(
            actor=cast.chair_a,
            org=cast.union_a,
            name="甲工会焊工比武",
            held_on=datetime.date(2026, 5, 1),
        )
        for i, m in enumerate(people, start=1):
            contest_services.add_contestant(
                actor=cast.chair_a, event=event, member=m, number=f"0{i}"
            )
        contest_services.add_judge(actor=cast.chair_a, event=event, user=cast.chair_a)
        contest_services.add_criterion(actor=cast.chair_a, event=event, name="理论", weight=3)
        prelim = contest_services.add_round(
            actor=cast.chair_a, event=event, stage=RoundStage.PRELIMINARY, advance_count=2
        )
        contest_services.add_round(actor=cast.chair_a, event=event, stage=RoundStage.FINAL)
    log_in(page, live_server, cast.chair_a.username, PASSWORD)
    page.goto(f"{live_server.url}/contests/events/{event.pk}/")
    page.fill("form[action$='/criteria/'] input[name=name]", "实操")
    page.fill("form[action$='/criteria/'] input[name=weight]", "7")
    page.fill("form[action$='/criteria/'] input[name=max_score]", "50")
    page.click("form[action$='/criteria/'] button")
    page.wait_for_selector("#criteria >> text=实操")
    shot(page, "links-rounds-event")
    page.goto(f"{live_server.url}/contests/rounds/{prelim.pk}/")
    for number, (theory, practice) in zip(
        ("01", "02", "03"), ((90, 45), (80, 30), (60, 20)), strict=True
    ):
        page.select_option(
            "select[name=contestant]", label=f"{number} {people[int(number) - 1].name}"
        )
        inputs = page.locator("form[action$='/scores/'] input[type=number]")
        inputs.nth(0).fill(str(theory))
        inputs.nth(1).fill(str(practice))
        with page.expect_navigation():
            page.click("button:has-text('提交评分')")
        assert "已记录评分" in page.content()
    page.once("dialog", lambda d: d.accept())
    with page.expect_navigation():
        page.click("button:has-text('结束本轮')")
    page.wait_for_selector("text=本轮已结束")
    rows = page.inner_text("#round-results")
    assert rows.count("晋级") >= 2
    shot(page, "links-rounds-closed")


@pytest.mark.django_db(transaction=True)
def test_a_commitment_shows_targets_and_district_totals(cast, live_server, page):
    get_resolver().url_patterns  # noqa: B018
    with acting(cast.chair_a):
        jc = workplace_services.create_commitment(
            actor=cast.chair_a,
            employer=cast.employer_a,
            title="甲工会稳岗共同约定",
            pledges=["keep_jobs"],
            start_date=datetime.date(2026, 1, 1),
            end_date=datetime.date.today() + datetime.timedelta(days=20),
            signed_on=datetime.date(2026, 1, 1),
            union_signatory="甲",
            employer_signatory="乙",
            workers_covered=300,
        )
    log_in(page, live_server, cast.chair_a.username, PASSWORD)
    page.goto(f"{live_server.url}/workplace/commitments/{jc.pk}/")
    page.click("text=添加约定目标")
    page.fill("input[name=name]", "稳定岗位")
    page.fill("input[name=target_value]", "300")
    page.fill("input[name=unit]", "人")
    page.click("button:has-text('保存')")
    page.wait_for_selector("#commitment-targets >> text=稳定岗位")
    assert "即将到期" in page.inner_text("#commitment-tracking")
    shot(page, "links-commitment-detail")
    page.goto(f"{live_server.url}/workplace/commitments/")
    assert "300" in page.inner_text("#commitment-totals")
    shot(page, "links-commitment-totals")
