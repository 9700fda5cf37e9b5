from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from gonghui.life import selectors
from gonghui.life.models import Answer, Participation, Response
from gonghui.life.services import surveys
from tests.conftest import acting
from tests.life.factories import make_member, make_survey

pytestmark = pytest.mark.django_db


def _answer(member, survey, values):
    qs = list(survey.questions.all())
    with acting(member.user):
        return surveys.answer_survey(
            actor=member.user,
            survey=survey,
            answers={q.pk: v for q, v in zip(qs, values, strict=True)},
        )


def test_anonymous_answer_keeps_no_link_to_the_member(cast):
    survey = make_survey(cast.chair_a, cast.union_a, anonymous=True)
    m = make_member(cast.union_a, "甲")
    response = _answer(m, survey, [["0"], ["0", "1"], ["4"], ["多办球赛"]])
    assert Response.unscoped.get(pk=response.pk).member_id is None
    assert sorted(f.name for f in Response._meta.concrete_fields) == ["id", "member", "survey"]
    assert Participation.unscoped.filter(survey=survey, member=m).count() == 1
    got = {
        a.question.text: (a.picks, a.score, a.text)
        for a in Answer.unscoped.filter(response=response)
    }
    assert got == {
        "最想参加": ([0], None, ""), "方便时间": ([0, 1], None, ""), "满意度": ([], 4, ""),
        "建议": ([], None, "多办球赛"),
    }  # fmt: skip


def test_named_answer_records_the_member(cast):
    survey = make_survey(cast.chair_a, cast.union_a, anonymous=False)
    m = make_member(cast.union_a, "甲")
    assert _answer(m, survey, [["1"], ["1"], ["3"], []]).member_id == m.pk


def test_one_answer_per_member(cast):
    survey = make_survey(cast.chair_a, cast.union_a)
    m = make_member(cast.union_a, "甲")
    _answer(m, survey, [["0"], ["0"], ["5"], []])
    with pytest.raises(ValidationError) as exc:
        _answer(m, survey, [["1"], ["1"], ["1"], []])
    assert exc.value.messages == ["您已经提交过该问卷"]
    assert Response.unscoped.filter(survey=survey).count() == 1


def test_invalid_answers_are_refused_per_question(cast):
    survey = make_survey(cast.chair_a, cast.union_a)
    q1, q2, q3, _q4 = survey.questions.all()
    m = make_member(cast.union_a, "甲")
    with acting(m.user), pytest.raises(ValidationError) as exc:
        surveys.answer_survey(
            actor=m.user, survey=survey, answers={q1.pk: ["0", "1"], q3.pk: ["9"]}
        )
    assert exc.value.message_dict == {
        f"q{q1.pk}": ["单选题只能选一项"], f"q{q2.pk}": ["此题必答"], f"q{q3.pk}": ["分值超出范围"],
    }  # fmt: skip
    assert Participation.unscoped.count() == 0


def test_member_outside_the_target_group_is_refused(cast):
    survey = make_survey(cast.chair_a, cast.union_a)
    with pytest.raises(PermissionDenied):
        _answer(make_member(cast.union_b, "乙"), survey, [["0"], ["0"], ["1"], []])


def test_results_count_choices_and_mean(cast):
    survey = make_survey(cast.chair_a, cast.union_a)
    for i, values in enumerate(
        [[["0"], ["0"], ["5"], ["好"]], [["0"], ["0", "1"], ["4"], []], [["2"], ["1"], ["4"], []]]
    ):
        _answer(make_member(cast.union_a, f"员{i}"), survey, values)
    with acting(cast.chair_a):
        total, results = selectors.survey_results(survey)
    assert total == 3
    assert [(r["label"], r["count"], r["percent"]) for r in results[0]["rows"]] == [
        ("球赛", 2, Decimal("66.7")), ("读书", 0, Decimal("0.0")), ("亲子", 1, Decimal("33.3")),
    ]  # fmt: skip
    assert [r["count"] for r in results[1]["rows"]] == [2, 2]
    assert [r["count"] for r in results[2]["rows"]] == [0, 0, 0, 2, 1]
    assert results[2]["mean"] == Decimal("4.33")
    assert results[3]["texts"] == ["好"]


def test_surveys_open_to_member_drops_answered_ones(cast):
    survey = make_survey(cast.street_admin, cast.street)
    m = make_member(cast.union_a, "甲")
    assert [s.pk for s in selectors.surveys_open_to(m)] == [survey.pk]
    _answer(m, survey, [["0"], ["0"], ["1"], []])
    assert list(selectors.surveys_open_to(m)) == []


def test_questions_cannot_change_after_opening(cast):
    survey = make_survey(cast.chair_a, cast.union_a)
    with acting(cast.chair_a), pytest.raises(ValidationError):
        surveys.add_question(actor=cast.chair_a, survey=survey, kind="text", text="再加")
