"""J9 (issue 22): the answer to an objection has no default outcome; it must be chosen."""

from gonghui.honours.forms import AnswerForm


def test_answer_form_preselects_no_outcome():
    html = str(AnswerForm()["outcome"])
    assert 'value="" selected' in html
    assert 'value="upheld" selected' not in html
    assert "请选择核查结论" in html


def test_answer_without_an_outcome_is_refused():
    form = AnswerForm({"answer": "经核实，情况属实"})
    assert not form.is_valid()
    assert "outcome" in form.errors
    assert AnswerForm({"outcome": "rejected", "answer": "经核实不属实"}).is_valid()
