"""Every to-do where the person starts (issue 22): each demo role's home lists its open tasks
from every module, and each count is the number of rows of the list it opens."""

import re
from html import unescape

import pytest
from django.test import Client

from gonghui.core import demo
from gonghui.core.access import SESSION_KEY
from gonghui.core.models import RoleAssignment, User

pytestmark = pytest.mark.django_db

DEMO_LOGINS = ["district", "street", "chair-a", "chair-b", "reviewer", "member-a", "chair-dh",
               "delegate", "engineer-1", "engineer-2"]  # fmt: skip

TASK = re.compile(r'<a [^>]*href="([^"]+)" data-task="([^"]*)" data-count="(\d+)">\s*([^<]*)')
TOTAL = re.compile(r'class="[^"]*\bpager\b[^"]*" data-total="(\d+)\+?"')
ROW = re.compile(r"<tr\b(?![^>]*\bthead\b)[^>]*>\s*<td(?![^>]*colspan)", re.S)


@pytest.fixture
def district(settings):
    settings.REQUIRE_2FA_FOR_DISTRICT_ADMINS = False
    return demo.load_demo()


def home_tasks(client):
    response = client.get("/")
    assert response.status_code == 200
    html = response.content.decode()
    return [(unescape(url), key, int(count), label.strip())
            for url, key, count, label in TASK.findall(html)]  # fmt: skip


def list_length(client, url):
    """The rows the to-do's page lists: the shared pager's total, else its table rows."""
    response = client.get(url, follow=True)
    assert response.status_code == 200, url
    html = response.content.decode()
    total = TOTAL.search(html)
    if total:
        return int(total.group(1))
    body = html.split("<tbody", 1)
    return len(ROW.findall("<tbody" + body[1])) if len(body) > 1 else None


def roles_of(username):
    user = User.objects.get(username=username)
    return user, list(RoleAssignment.objects.filter(user=user, is_active=True))


def walk_todos(usernames):
    """``[(login, role, label, count, url, rows listed)]`` for every to-do of every role."""
    seen = []
    for username in usernames:
        user, assignments = roles_of(username)
        assert assignments, f"{username} has no role in the demo"
        for assignment in assignments:
            client = Client()
            client.force_login(user)
            session = client.session
            session[SESSION_KEY] = assignment.pk
            session.save()
            for url, _key, count, label in home_tasks(client):
                seen.append(
                    (username, assignment.role, label, count, url, list_length(client, url))
                )
    return seen


def test_every_todo_count_matches_the_list_it_opens(district):
    seen = walk_todos(DEMO_LOGINS)
    for row in seen:
        print(*row)
    wrong = [row for row in seen if row[3] != row[5]]
    assert wrong == []
    roles = {(login, role) for login, role, *_ in seen}
    # Each journey's person has work waiting on the demo's home page.
    for login in ("district", "street", "chair-a", "reviewer", "delegate", "engineer-1"):
        assert any(who == login for who, _role in roles), f"{login} has no to-do"
    # The demo's own waiting work (issue 22): a file in the reviewer's queue, a proposal both
    # engineers owe a review, a session the delegate has to check in to.
    listed = {(login, label) for login, _role, label, *_ in seen}
    assert {
        ("reviewer", "待审核的困难档案"),
        ("engineer-1", "待我评审的合理化建议"),
        ("engineer-2", "待我评审的合理化建议"),
        ("delegate", "待签到的会议"),
    } <= listed


def test_home_card_never_shows_a_zero_for_figures_not_yet_computed(cast, login, monkeypatch):
    """J3: a figure whose statistics were never computed (``as_of`` None: the worker is still on
    it) says so instead of showing 0 as a fact; a computed zero shows with its time."""
    import datetime

    from django.utils import timezone

    from gonghui.core import home

    def provider(scope):
        return [
            {"key": "pending", "label": "会员", "value": 0, "url": "/", "as_of": None},
            {"key": "known", "label": "单位", "value": 0, "url": "/",
             "as_of": timezone.now() - datetime.timedelta(minutes=5)},
        ]  # fmt: skip

    monkeypatch.setattr(home, "_FIGURES", [provider])
    page = login(cast.district_admin).get("/").content.decode()
    pending = page.split('data-figure="pending"', 1)[1].split("</a>", 1)[0]
    assert "尚未统计" in pending and ">0<" not in pending
    known = page.split('data-figure="known"', 1)[1].split("</a>", 1)[0]
    assert ">0<" in known and "数据截至" in known


def test_reviewer_engineer_and_delegate_homes_list_their_work(cast, login):
    """The three homes the issue found empty: files waiting for review, reviews an engineer
    owes, a delegate's open ballot."""
    from tests.assistance.helpers import draft_file, set_dibao, to_state
    from tests.innovation.helpers import assign, make_user
    from tests.innovation.samples import proposal_of_a

    set_dibao(cast)
    to_state(cast, draft_file(cast), "visited")
    engineer = make_user("eng-home", "工程师甲")
    assign(engineer, cast.union_a, "reviewer")
    from gonghui.innovation import services as innovation

    proposal = proposal_of_a(cast)
    with acting_as(cast.chair_a):
        innovation.triage_proposal(actor=cast.chair_a, proposal=proposal)
        innovation.assign_reviewers(actor=cast.chair_a, proposal=proposal, reviewers=[engineer])

    reviewer = {label: count for _u, _k, count, label in home_tasks(login(cast.reviewer))}
    assert reviewer["待审核的困难档案"] == 1
    owed = {label: (count, url) for url, _k, count, label in home_tasks(login(engineer))}
    assert owed["待我评审的合理化建议"][0] == 1
    listed = login(engineer).get(owed["待我评审的合理化建议"][1]).content.decode()
    assert proposal.title in listed and f"/innovation/{proposal.pk}/" in listed


def acting_as(user):
    from tests.conftest import acting

    return acting(user)
