"""A label's colon and a list's separator worded in the page's language (``{% colon %}``,
``{% sep %}``, ``{% semicolon %}``, ``{% comma %}``, ``{% full_stop %}``, ``|joined``): ： 、 ； ，
。 in Chinese, ``": "`` ``", "`` ``"; "`` ``", "`` ``". "`` in English; brackets by ``|bracketed``;
and no template writes those marks or （ ） outside a translation, where the English page would
show them ("Current status：Pending", "A、B")."""

import re
from pathlib import Path

import pytest
from django.template import Context, Template
from django.utils import translation

SRC = Path(__file__).resolve().parents[2] / "src" / "gonghui"
MARKS = re.compile("[：、；，。（）]")

# Where a template may write a mark itself, with the reason.
ALLOWED = {
    # The founding and term-change letters (请示, 批复) are official documents filed in Chinese
    # whatever the page language (organising/documents.py builds them under zh-hans): the
    # addressee's colon belongs to the Chinese letter.
    ("organising/templates/organising/pdf/letter.html", "{{ doc.to }}："),
}


def _render(source, language, **context):
    with translation.override(language):
        return Template("{% load gonghui %}" + source).render(Context(context))


@pytest.mark.parametrize(
    ("source", "chinese", "english"),
    [
        ("状态{% colon %}待审", "状态：待审", "状态: 待审"),
        ("甲{% sep %}乙", "甲、乙", "甲, 乙"),
        ("甲{% semicolon %}乙", "甲；乙", "甲; 乙"),
        ("甲{% comma %}乙", "甲，乙", "甲, 乙"),
        ("甲{% full_stop %}乙", "甲。乙", "甲. 乙"),
    ],
)
def test_marks_in_each_language(source, chinese, english):
    assert _render(source, "zh-hans") == chinese
    assert _render(source, "en") == english


def test_joined_uses_the_list_separator():
    assert _render("{{ v|joined }}", "zh-hans", v=["王芳", "李强"]) == "王芳、李强"
    assert _render("{{ v|joined }}", "en", v=["Wang Fang", "Li Qiang"]) == "Wang Fang, Li Qiang"


def test_joined_with_another_mark():
    assert _render('{{ v|joined:"semicolon" }}', "zh-hans", v=["甲", "乙"]) == "甲；乙"
    assert _render('{{ v|joined:"semicolon" }}', "en", v=["a", "b"]) == "a; b"


def test_joined_empty_list_gives_nothing_so_default_applies():
    assert _render('{{ v|joined|default:"—" }}', "en", v=[]) == "—"


def test_joined_escapes_the_items():
    assert _render("{{ v|joined }}", "en", v=["<b>", "a&b"]) == "&lt;b&gt;, a&amp;b"
    page = _render("{% autoescape off %}{{ v|joined }}{% endautoescape %}", "en", v=["<b>", "c"])
    assert page == "<b>, c"


# What a reader never sees as template text: comments, and the text of translations (the
# catalogue words those). The arguments of a {% blocktranslate %} tag stay: a mark there
# (``with r=x|join:"、"``) reaches the English page untranslated.
COMMENTS = re.compile(r"\{%-?\s*comment\b.*?\{%-?\s*endcomment\s*-?%\}|\{#.*?#\}", re.S)
TRANSLATE = re.compile(r"\{%-?\s*(?:translate|trans)\s+(?:\"[^\"]*\"|'[^']*')")
GETTEXT = re.compile(r"\b_\((?:\"[^\"]*\"|'[^']*')\)")
BLOCK = re.compile(r"(\{%-?\s*blocktrans(?:late)?\b[^%]*%\})(.*?)(\{%-?\s*endblocktrans)", re.S)


def _blank(text):
    return re.sub(r"[^\n]", " ", text)


def visible_template_text(source):
    """The template with comments and translated text blanked (lines and columns kept)."""
    source = COMMENTS.sub(lambda m: _blank(m.group(0)), source)
    source = BLOCK.sub(lambda m: m.group(1) + _blank(m.group(2)) + m.group(3), source)
    source = TRANSLATE.sub(lambda m: _blank(m.group(0)), source)
    return GETTEXT.sub(lambda m: _blank(m.group(0)), source)


def _templates():
    for path in sorted(SRC.rglob("*.html")):
        if {"templates", "jinja2"} & set(path.relative_to(SRC).parts):
            yield path


def _marks_outside_translations():
    found = []
    for path in _templates():
        source = path.read_text(encoding="utf-8")
        name = str(path.relative_to(SRC))
        lines = source.splitlines()
        for number, line in enumerate(visible_template_text(source).splitlines(), start=1):
            for match in MARKS.finditer(line):
                if not any(name == f and snippet in lines[number - 1] for f, snippet in ALLOWED):
                    found.append(f"{name}:{number}: {match.group(0)} in {lines[number - 1][:80]}")
    return found


def test_templates_write_no_chinese_punctuation_outside_translations():
    assert _marks_outside_translations() == []


def test_the_guard_sees_through_translations_only():
    source = (
        '{# 注：说明 #}{% translate "候选人：" %}{% blocktranslate with n=x %}共 {{ n }} 人，'
        '{% plural %}共 {{ n }} 人，{% endblocktranslate %}{{ y|default:_("无：") }}'
        "{% comment %}甲、乙{% endcomment %}"
    )
    assert not MARKS.search(visible_template_text(source))
    assert MARKS.findall(visible_template_text('{% translate "状态" %}：{{ s }}')) == ["："]
    leaking = '{% blocktranslate with r=x|join:"、" %}{{ r }} 天{% endblocktranslate %}'
    assert MARKS.findall(visible_template_text(leaking)) == ["、"]
    assert MARKS.findall(visible_template_text("{{ a }}{% if b %}、{% endif %}")) == ["、"]


def test_allowed_places_still_exist():
    """An allowance whose place is gone is removed with it."""
    for name, snippet in ALLOWED:
        assert snippet in (SRC / name).read_text(encoding="utf-8"), name


def _main(response):
    """The page's main column, minus what people typed: names of orgs and employers."""
    from gonghui.orgs.models import Employer, Org

    page = response.content.decode()
    main = page[page.index("<main") : page.index("</main>")]
    for name in [*Org.objects.values_list("name", flat=True)]:
        main = main.replace(name, "")
    for name in [*Employer.unscoped.values_list("name", flat=True)]:
        main = main.replace(name, "")
    return main


@pytest.fixture
def pages(cast):
    """(login, url) of pages that write a label's colon or a list's separator: a proposal's
    triage step, union A's books with an income line, a worker's contract, the contract's
    staff page with two covered employers."""
    from decimal import Decimal

    from gonghui.orgs.models import Employer
    from tests.funds import factories as funds
    from tests.innovation.samples import proposal_of_a
    from tests.workplace import conftest as workplace
    from tests.workplace import samples as contracts

    proposal = proposal_of_a(cast)
    funds.rules(cast)
    funds.import_lines(cast, [funds.line("x", "10000", code=cast.employer_a.credit_code)])
    workplace.make_member(cast.member_user, cast.union_a, cast.employer_a, 1)
    contract = contracts._contract(cast)
    contract.wage_growth_pct, contract.pay_day = Decimal("5"), "每月 10 日"
    contract.save()
    contract.covered_employers.add(
        Employer.unscoped.create(org=cast.union_a, name="甲工会二厂", industry="manufacturing")
    )
    return {
        "triage": (cast.chair_a, f"/innovation/{proposal.pk}/triage/"),
        "books": (cast.chair_a, f"/funds/books/{cast.union_a.code}/"),
        "my contract": (cast.member_user, f"/workplace/my/contracts/{contract.pk}/"),
        "contract": (cast.chair_a, f"/workplace/contracts/{contract.pk}/"),
    }


def _bodies(login, pages, language):
    return {
        name: _main(login(user).get(url, HTTP_ACCEPT_LANGUAGE=language))
        for name, (user, url) in pages.items()
    }


def test_pages_in_english_have_no_chinese_colon_or_separator(login, pages):
    bodies = _bodies(login, pages, "en")
    for name, body in bodies.items():
        assert not MARKS.findall(body), name
    assert "Current status: " in bodies["triage"]
    assert "Income: " in bodies["books"]
    assert "Wage increase: 5%" in bodies["my contract"]
    assert '<dd class="col-sm-8">, </dd>' in bodies["contract"]  # two covered employers


def test_pages_in_chinese_keep_them(login, pages):
    bodies = _bodies(login, pages, "zh-hans")
    assert "当前状态：" in bodies["triage"]
    assert "收入：" in bodies["books"]
    assert "工资增长幅度：5%" in bodies["my contract"]
    assert '<dd class="col-sm-8">、</dd>' in bodies["contract"]
