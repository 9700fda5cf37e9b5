"""Text the code puts together reads its punctuation in the reader's language
(core/text/punctuation.py): an award type's choice, a home to-do's line and an error joined from
two messages read " (…)" and "; " in English, （…） and ； in Chinese as before."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation
from django.utils.translation import gettext as _

from gonghui.honours import services as honours
from gonghui.orgs import services as orgs
from tests.conftest import acting
from tests.honours import samples

pytestmark = pytest.mark.django_db


def _page(login, user, url, language):
    response = login(user).get(url, HTTP_ACCEPT_LANGUAGE=language)
    assert response.status_code == 200
    return response.content.decode()


def test_award_type_choice_on_the_rounds_page(login, cast):
    award_type = samples._award_type(cast)
    english = _page(login, cast.chair_a, "/honours/", "en")
    chinese = _page(login, cast.chair_a, "/honours/", "zh-hans")
    assert f">{award_type.name} ({cast.union_a.name})</option>" in english
    assert f"{award_type.name}（" not in english  # (the union's own name has brackets: data)
    assert f">{award_type.name}（{cast.union_a.name}）</option>" in chinese


def test_home_todo_line_of_an_overdue_term(login, cast):
    start = datetime.date.today().replace(year=datetime.date.today().year - 4)
    with acting(cast.street_admin):
        term = orgs.start_term(
            actor=cast.street_admin, org=cast.union_b, kind="committee", start_date=start, years=3
        )
    url = "/todo/orgs-terms-overdue/"
    english = _page(login, cast.street_admin, url, "en")
    chinese = _page(login, cast.street_admin, url, "zh-hans")
    assert f"{cast.union_b.name} ({term.end_date:%Y-%m-%d})" in english
    assert f"{cast.union_b.name}（{term.end_date:%Y-%m-%d}）" in chinese


def _refusal(cast, nomination, language):
    with translation.override(language), acting(cast.chair_a):
        with pytest.raises(ValidationError) as refused:
            honours.award(actor=cast.chair_a, nomination=nomination)
        notice = _("公示期（至 {end}）尚未结束").format(end=nomination.notice_end.isoformat())
        objections = _("尚有 {open_count} 条异议未答复").format(open_count=1)
        return refused.value.messages, _("不能授予："), notice, objections


def test_an_error_joined_from_two_problems(cast):
    nomination = samples._objection(cast).nomination  # the notice runs, one objection open
    messages, head, notice, objections = _refusal(cast, nomination, "en")
    assert messages == [f"{head}{notice}; {objections}"]
    assert head.endswith(": ") and "；" not in messages[0]
    messages, head, notice, objections = _refusal(cast, nomination, "zh-hans")
    assert messages == [f"不能授予：{notice}；{objections}"]
