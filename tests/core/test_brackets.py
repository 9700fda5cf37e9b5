"""A value in brackets worded in the page's language (``|bracketed``): （值） in Chinese,
`` (value)`` in English, and no full-width brackets left on the English pages that had them."""

import re

import pytest
from django.template import Context, Template
from django.utils import translation
from django.utils.safestring import SafeData

from gonghui.core.templatetags.gonghui import bracketed
from gonghui.orgs import services as org_services
from gonghui.orgs.models import Org
from tests.conftest import acting
from tests.honours.conftest import add_scorecard, make_round

pytestmark = pytest.mark.django_db


def _render(source, language, **context):
    with translation.override(language):
        return Template("{% load gonghui %}" + source).render(Context(context))


def test_bracketed_in_chinese():
    assert _render("签字{{ v|bracketed }}", "zh-hans", v="主席") == "签字（主席）"


def test_bracketed_in_english_has_a_leading_space():
    assert _render("Signed{{ v|bracketed }}", "en", v="Chair") == "Signed (Chair)"


def test_bracketed_counts_zero():
    assert _render("{{ v|bracketed }}", "en", v=0) == " (0)"


@pytest.mark.parametrize("value", [None, ""])
def test_bracketed_empty_value_gives_nothing(value):
    assert _render("签字{{ v|bracketed }}", "zh-hans", v=value) == "签字"
    assert _render("Signed{{ v|bracketed }}", "en", v=value) == "Signed"


def test_bracketed_escapes_the_value():
    page = _render("{{ v|bracketed }}", "en", v="<script>alert(1)</script>")
    assert page == " (&lt;script&gt;alert(1)&lt;/script&gt;)"


def test_bracketed_leaves_safe_values_alone():
    assert _render('{{ v|date:"Y-m-d"|bracketed }}', "zh-hans", v=None) == ""
    assert _render("{{ v|bracketed }}", "en", v="a &amp; b") == " (a &amp;amp; b)"


def test_bracketed_with_autoescape_off_is_not_marked_safe():
    page = _render("{% autoescape off %}{{ v|bracketed }}{% endautoescape %}", "en", v="<b>")
    assert page == " (<b>)"
    with translation.override("en"):
        assert not isinstance(bracketed("<b>", autoescape=False), SafeData)


def _main(response):
    """The page's main column, minus what users typed: names of orgs and people."""
    page = response.content.decode()
    main = page[page.index("<main") : page.index("</main>")]
    for name in [*Org.objects.values_list("name", flat=True), "（甲公司工会）"]:
        main = main.replace(name, "")
    return main


@pytest.fixture
def pages(cast):
    """Pages that put a value in brackets: a dissolved org's reason, a round's scorecard and
    judges counts, the tokens page's active role."""
    with acting(cast.district_admin):
        org_services.dissolve_org(actor=cast.district_admin, org=cast.group_a, reason="班组撤并")
    round_ = make_round(cast.district_admin, cast.district, title="区五一劳动奖章评选")
    add_scorecard(cast.district_admin, round_)
    return ["/orgs/A1/", f"/honours/rounds/{round_.pk}/", "/tokens/"]


def test_pages_in_english_have_no_full_width_brackets(cast, login, pages):
    client = login(cast.district_admin)
    bodies = {url: _main(client.get(url, HTTP_ACCEPT_LANGUAGE="en")) for url in pages}
    for url, body in bodies.items():
        assert not re.findall("[（）]", body), url
    assert " (班组撤并)" in bodies["/orgs/A1/"]
    assert "Scoring sheet (2)</a>" in bodies[pages[1]]
    assert "Judges (0)</a>" in bodies[pages[1]]


def test_pages_in_chinese_keep_full_width_brackets(cast, login, pages):
    client = login(cast.district_admin)
    bodies = {url: _main(client.get(url, HTTP_ACCEPT_LANGUAGE="zh-hans")) for url in pages}
    for url, body in bodies.items():
        assert "（" in body, url
    assert "（班组撤并）" in bodies["/orgs/A1/"]
    assert "（2）" in bodies[pages[1]] and "（0）" in bodies[pages[1]]
