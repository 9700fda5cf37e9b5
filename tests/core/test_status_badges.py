"""One way to show a status: every status value of every model has a tone in the one table
(core/status.py), ``{% status_badge %}`` words it in the page's language and escapes it, and
pages across the modules draw it with that tone."""

import pytest
from django.apps import apps
from django.template import Context, Template
from django.urls import reverse
from django.utils import translation

from gonghui.core import status
from gonghui.core.jinja import status_badge as jinja_status_badge

# choice fields named like a state that are not one: a political affiliation, a contest's round
NOT_STATES = {"members.Member.political_status", "contests.SkillRound.stage"}
# a state under another name: a job referral's outcome moves 待反馈 → 已面试 → 已录用/未录用
ALSO_STATES = {"assistance.JobReferral.outcome"}
BOOTSTRAP_TONES = {"primary", "secondary", "success", "danger", "warning", "info", "light", "dark"}


def _is_state(model, field):
    name = f"{model._meta.label}.{field.name}"
    if not field.choices or name in NOT_STATES:
        return False
    named_like_one = field.name in ("status", "stage", "state") or field.name.endswith("_status")
    return named_like_one or name in ALSO_STATES


def _status_fields():
    return [
        (model, field)
        for model in apps.get_models()
        if model.__module__.startswith("gonghui.")
        for field in model._meta.concrete_fields
        if _is_state(model, field)
    ]


def _computed_stages():
    """States that are properties, not fields: a round's stage (推荐中/评审中/公示中/已结束)."""
    from gonghui.honours.models import AwardRound, RoundStage

    return [(AwardRound, RoundStage.values)]


def _values_by_model():
    by_model = {}
    for model, field in _status_fields():
        by_model.setdefault(model._meta.label, set()).update(v for v, _ in field.flatchoices)
    for model, values in _computed_stages():
        by_model.setdefault(model._meta.label, set()).update(values)
    return by_model


def _render(source, **context):
    return Template("{% load gonghui %}" + source).render(Context(context))


# --- the table ---------------------------------------------------------------------------------


def test_status_fields_are_found_in_every_module():
    found = {f"{model._meta.label}.{field.name}" for model, field in _status_fields()}
    assert {
        "members.Member.status",
        "assistance.HardshipFile.status",
        "assistance.JobReferral.outcome",
        "innovation.Proposal.impl_status",
        "organising.Prospect.stage",
        "funds.Expense.status",
        "honours.Nomination.status",
        "workplace.Contract.status",
        "life.Signup.status",
        "reports.FilingReturn.status",
    } <= found
    assert not found & NOT_STATES
    assert len({name.split(".")[0] for name in found}) >= 14  # every module with a state


def test_every_status_value_has_an_explicit_tone():
    missing = sorted(
        f"{label}: {value}"
        for label, values in _values_by_model().items()
        for value in values
        if value not in status.TONES and value not in status.OVERRIDES.get(label, {})
    )
    assert missing == []


def test_overrides_name_real_models_and_their_values():
    by_model = _values_by_model()
    for label, overridden in status.OVERRIDES.items():
        assert label in by_model, label
        assert set(overridden) <= by_model[label], label
        # an override that says what the table says already is a copy, not an override
        assert all(status.TONES.get(v) != tone for v, tone in overridden.items()), label


def test_every_value_in_the_table_is_some_model_s_status():
    used = set().union(*_values_by_model().values())
    assert set(status.TONES) - used == set()


def test_tones_are_bootstrap_colours():
    overridden = {tone for by_value in status.OVERRIDES.values() for tone in by_value.values()}
    assert set(status.TONES.values()) | overridden <= BOOTSTRAP_TONES


def test_the_same_meaning_has_the_same_tone():
    assert status.tone("draft") == status.tone("not_opened") == "secondary"
    assert status.tone("submitted") == status.tone("pending") == "warning"
    assert status.tone("open", "assistance.Flag") == status.tone("pending") == "warning"
    assert status.tone("under_review") == status.tone("in_notice") == "info"
    assert status.tone("approved") == status.tone("awarded") == status.tone("paid") == "success"
    assert status.tone("rejected") == status.tone("refused") == status.tone("failed") == "danger"
    assert status.tone("withdrawn") == status.tone("closed") == "dark"
    assert status.tone("closed", "assistance.HardshipFile") == "success"  # 已解困脱困
    assert status.tone("closed", "rights.WorkerRequest") == "success"  # 已办结
    assert (status.OVERDUE, status.LATE) == ("danger", "warning")


def test_an_unknown_value_is_secondary():
    assert status.tone("no_such_state") == "secondary"
    assert status.tone("no_such_state", "funds.Expense") == "secondary"
    assert status.badge_class("no_such_state") == "text-bg-secondary"


def test_the_member_list_asks_the_same_table():
    from gonghui.members.models import MemberStatus

    for value in MemberStatus.values:
        assert jinja_status_badge(value) == f"text-bg-{status.tone(value, 'members.Member')}"


# --- the tag -------------------------------------------------------------------------------------


def test_tag_words_the_status_in_chinese_and_english():
    from gonghui.funds.enums import ExpenseStatus
    from gonghui.funds.models import Expense

    expense = Expense(status=ExpenseStatus.RECORDED)
    zh = _render('{% status_badge e id="expense-status" %}', e=expense)
    assert zh == '<span class="badge text-bg-warning" id="expense-status">待审批</span>'
    with translation.override("en"):
        en = _render("{% status_badge e %}", e=expense)
    assert en == '<span class="badge text-bg-warning">Awaiting approval</span>'


def test_tag_applies_the_model_s_override():
    from gonghui.assistance.models import HardshipFile

    assert _render("{% status_badge f %}", f=HardshipFile(status="closed")) == (
        '<span class="badge text-bg-success">已解困脱困</span>'
    )


def test_tag_escapes_values_ids_and_classes():
    from gonghui.funds.models import Expense

    unknown = Expense(status='<b>"x"</b>')
    html = _render("{% status_badge e id=hook class=extra %}", e=unknown, hook='a"b', extra="x<y")
    assert html == (
        '<span class="badge text-bg-secondary x&lt;y" id="a&quot;b">'
        "&lt;b&gt;&quot;x&quot;&lt;/b&gt;</span>"
    )


def test_tag_reads_another_field_a_values_row_and_a_property():
    from gonghui.assistance.models import JobReferral
    from gonghui.honours.models import AwardRound
    from gonghui.innovation.models import Proposal

    assert _render('{% status_badge p "impl_status" %}', p=Proposal(impl_status="delayed")) == (
        '<span class="badge text-bg-warning">已延期</span>'
    )
    assert _render('{% status_badge p "impl_status" %}', p=Proposal(impl_status="")) == ""
    assert _render('{% status_badge r "outcome" %}', r=JobReferral(outcome="hired")) == (
        '<span class="badge text-bg-success">已录用</span>'
    )
    row = {"status": "notice"}
    assert _render('{% status_badge f.status model="assistance.HardshipFile" %}', f=row) == (
        '<span class="badge text-bg-info">公示中</span>'
    )
    closed_round = AwardRound(is_closed=True)
    assert _render('{% status_badge r "stage" class="round-stage" %}', r=closed_round) == (
        '<span class="badge text-bg-dark round-stage">已结束</span>'
    )
    with translation.override("en"):
        english = _render('{% status_badge r "stage" %}', r=closed_round)
    assert "已结束" not in english and english.startswith('<span class="badge text-bg-dark">')


def test_tag_draws_nothing_without_an_object_and_refuses_unknown_options():
    assert _render("{% status_badge nothing %}", nothing=None) == ""
    with pytest.raises(TypeError):
        _render('{% status_badge e colour="red" %}', e=object())


# --- pages -------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_member_list_and_page_show_the_same_badge(cast, login):
    from tests.members.helpers import add_member

    member = add_member(cast.chair_a, cast.union_a, name="甲工会徽章")
    client = login(cast.chair_a)
    listed = client.get(reverse("members:list")).content.decode()
    shown = client.get(reverse("members:detail", args=[member.pk])).content.decode()
    badge = '<span class="badge text-bg-success status-badge">在会</span>'
    assert badge in listed and badge in shown


@pytest.mark.django_db
def test_expense_list_and_page_show_the_waiting_tone(cast, login):
    from tests.funds import factories as f

    expense = f.expense(cast, f.budget(cast))
    client = login(cast.chair_a)
    books = client.get(reverse("funds:books", args=[cast.union_a.code])).content.decode()
    page = client.get(reverse("funds:expense", args=[expense.pk])).content.decode()
    assert '<td><span class="badge text-bg-warning">待审批</span></td>' in books
    assert '<span class="badge text-bg-warning" id="expense-status">待审批</span>' in page
    with translation.override("en"):
        english = client.get(
            reverse("funds:expense", args=[expense.pk]), HTTP_ACCEPT_LANGUAGE="en"
        ).content.decode()
    assert '<span class="badge text-bg-warning" id="expense-status">Awaiting approval</span>' in (
        english
    )


@pytest.mark.django_db
def test_round_page_shows_nominations_and_stage_as_badges(cast, login):
    from tests.honours.conftest import make_member, make_round, nominate

    round_ = make_round(cast.district_admin, cast.district, title="区五一劳动奖章评选")
    member = make_member(cast.union_a, "甲工会张三", cast.employer_a)
    nominate(cast.chair_a, round_, cast.union_a, member)
    client = login(cast.district_admin)
    page = client.get(reverse("honours:round", args=[round_.pk])).content.decode()
    listed = client.get(reverse("honours:rounds")).content.decode()
    assert '<td><span class="badge text-bg-warning">待街道审核</span></td>' in page
    stage = '<span class="badge text-bg-primary round-stage">推荐中</span>'
    assert stage in page and stage in listed
