"""Every page of the demo district, as each demo login, in Chinese and in English, shows words
and labels, never internal values (issue 20, item 8).

The test loads the demo, logs in as each demo role and walks the site from the home page, the
menu and every URL pattern without arguments, following the links it finds (one page per URL
pattern: the demo's own objects are the samples). On each HTML page it reads the visible text
and fails on:

- a raw enum code shown as a cell or a badge (``migrant``, ``F``, ``in_review``) or a dotted
  internal key (``core.sensitive.reveal``);
- a Python value: ``None``/``True``/``False`` (checked in Chinese, where they cannot be words),
  a list or dict repr (``['safety']``, ``{'max_homes': 1}``);
- an unformatted decimal (``1708.10000000000``);
- unformatted money: an amount of 1,000 or more not grouped by thousands (``¥12500``,
  ``12500.00 元``, ``2500.00 yuan``, a bare ``12500.00`` in a cell); amounts read
  ``¥12,500.00`` (``floatformat:"2g"``, docs/developing.md);
- in English, Chinese that is neither a proper name or record of the demo (any text stored in
  the database) nor left untranslated: a Chinese run that is a catalogue message is untranslated
  whatever the database holds;
- a dead link: a link on a page that answers 404 to the person it is shown to.

``PENDING`` names the routes whose pages still fail, with the reason; it only shrinks.
"""

import re
from collections import Counter, deque
from html.parser import HTMLParser
from urllib.parse import urlsplit

import pytest
from django.apps import apps
from django.db import models
from django.test import Client
from django.urls import NoReverseMatch, Resolver404, get_resolver, resolve, reverse

from gonghui.core import demo

pytestmark = pytest.mark.django_db

LANGUAGES = ("zh-hans", "en")
# the core's logins, and those the modules' demos add (README's table): a congress's chair,
# a delegate on the phone, a proposals' reviewer
ROLES = [login[0] for login in demo.LOGINS] + ["chair-dh", "delegate", "engineer-1"]
# Files and downloads: not HTML pages (and PDFs are slow); their text is checked elsewhere.
NOT_PAGES = re.compile(r"export|pdf|download|certificate|template|attachment|print|xlsx|csv|qr")
SKIP_ROUTES = {"core:logout", "core:set_language", "portal:logout"}
# The audit log page belongs to the audit-labels change (issue 20, item 8: "homes").
AUDIT_PAGES = {"core:audit"}
PENDING: dict[str, str] = {}
LINKS_A_ROUTE = 6  # links followed a route (beyond the first) to find dead links

HAN = re.compile(r"[\u3400-\u9fff]+")
DECIMAL = re.compile(r"(?<![\w.])\d+\.\d{3,}(?![\w.])")
REPR = re.compile(r"\[\s*['\"]|\{\s*['\"]|\[\]|\{\}")
# Money of 1,000 or more with no thousands separator: after ¥, before 元/yuan, or any decimal
# with two places (how a Decimal amount prints raw: 2500.00).
UNGROUPED_MONEY = re.compile(
    r"¥\s*-?\d{4,}"
    r"|(?<![0-9A-Za-z_.,])-?\d{4,}(?:\.\d+)?\s*(?:元|yuan\b)"
    r"|(?<![0-9A-Za-z_.,])-?\d{4,}\.\d{2}(?![0-9A-Za-z_.,])"
)
PY_CONSTANT = re.compile(r"(?<![\w-])(None|True|False)(?![\w-])")
DOTTED_KEY = re.compile(r"(?<![\w./:-])[a-z]+\.[a-z_]+\.[a-z_]+(?![\w./:-])")


class _Text(HTMLParser):
    """The text a reader sees: data outside <script>/<style> (and the text people edit in a
    <textarea>), plus title/placeholder attributes.

    Text inside an element whose ``lang`` names another language than the page's English (a
    language's own name in the language switcher, ``<button lang="zh-Hans">简体中文</button>``)
    is a proper name in that language: it is read only on pages in that language. Text marked
    ``translate="no"`` (a login name, ``district``) is an identifier people type as it stands: it
    is kept in ``verbatim`` and not read as a raw code."""

    def __init__(self, language="zh-hans"):
        super().__init__(convert_charrefs=True)
        self.parts, self._hidden = [], 0
        self.verbatim, self._verbatim = set(), []  # [tag, depth] of an open translate="no"
        self._language = language.split("-")[0]
        self._foreign = []  # [tag, depth] of the open element marked with another language

    def handle_starttag(self, tag, attrs):
        if tag in ("script", "style", "template", "textarea"):
            self._hidden += 1
        if self._foreign and tag == self._foreign[-1][0]:
            self._foreign[-1][1] += 1
        if self._verbatim and tag == self._verbatim[-1][0]:
            self._verbatim[-1][1] += 1
        if dict(attrs).get("translate") == "no" and not self._verbatim:
            self._verbatim.append([tag, 1])
        lang = dict(attrs).get("lang")
        if lang and lang.lower().split("-")[0] != self._language and not self._foreign:
            self._foreign.append([tag, 1])
        for key, value in attrs:
            if key in ("title", "placeholder", "aria-label") and value and not self._foreign:
                self.parts.append(value)

    def handle_endtag(self, tag):
        if tag in ("script", "style", "template", "textarea") and self._hidden:
            self._hidden -= 1
        if self._foreign and tag == self._foreign[-1][0]:
            self._foreign[-1][1] -= 1
            if not self._foreign[-1][1]:
                self._foreign.pop()
        if self._verbatim and tag == self._verbatim[-1][0]:
            self._verbatim[-1][1] -= 1
            if not self._verbatim[-1][1]:
                self._verbatim.pop()

    def handle_data(self, data):
        if not self._hidden and not self._foreign and data.strip():
            self.parts.append(data.strip())
            if self._verbatim:
                self.verbatim.add(data.strip())


class _Links(HTMLParser):
    def __init__(self):
        super().__init__()
        self.hrefs = []

    def handle_starttag(self, tag, attrs):
        for key, value in attrs:
            if key in ("href", "hx-get") and value and value.startswith("/"):
                self.hrefs.append(value)


def _enum_codes():
    """Codes of every TextChoices whose label differs from the code."""
    codes, stack = set(), list(models.TextChoices.__subclasses__())
    while stack:
        choices = stack.pop()
        stack.extend(choices.__subclasses__())
        for value, label in choices.choices:
            if isinstance(value, str) and value and value != str(label):
                codes.add(value)
    for model in apps.get_models():
        for field in model._meta.get_fields():
            for value, label in getattr(field, "flatchoices", None) or ():
                if (
                    isinstance(value, str)
                    and value
                    and value != str(label)
                    and not isinstance(label, (list, tuple))
                ):
                    codes.add(value)
    return codes


def _strings(value):
    """The strings inside a stored value (a JSON document's keys and leaves included)."""
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from _strings(key)
            yield from _strings(item)
    elif isinstance(value, (list, tuple)):
        for item in value:
            yield from _strings(item)


def _stored_text():
    """Every text value the demo stored: names of people, unions, employers, titles, notes (in
    text columns and inside JSON documents: a term change's candidates)."""
    values = []
    for model in apps.get_models():
        fields = [
            f.attname
            for f in model._meta.concrete_fields
            if isinstance(f, (models.CharField, models.TextField, models.JSONField))
            and f.__class__.__name__ not in ("EncryptedTextField",)
        ]
        if not fields:
            continue
        manager = getattr(model, "unscoped", model._default_manager)
        try:
            for row in manager.values_list(*fields):
                values.extend(v for v in _strings(row) if HAN.search(v))
        except Exception:  # noqa: S112  (a model whose table the demo does not use)
            continue
    return "\x00".join(values)


def _catalogue_messages():
    from django.utils.translation import trans_real

    catalog = trans_real.translation("en")._catalog
    return {key for key in catalog.keys() if isinstance(key, str) and HAN.search(key)}


def _start_urls():
    urls = ["/", "/m/"]
    for name, pattern in _routes():
        if pattern.pattern.regex.groupindex or name in SKIP_ROUTES:
            continue
        try:
            urls.append(reverse(name))
        except NoReverseMatch:
            continue
    return urls


def _routes():
    def walk(patterns, namespace=""):
        from django.urls import URLPattern, URLResolver

        for p in patterns:
            if isinstance(p, URLResolver):
                ns = p.namespace or ""
                if ns in ("admin", "api"):
                    continue
                yield from walk(p.url_patterns, f"{namespace}{ns}:" if ns else namespace)
            elif isinstance(p, URLPattern) and p.name:
                yield f"{namespace}{p.name}", p

    return sorted({name: p for name, p in walk(get_resolver().url_patterns)}.items())


def _route_name(path):
    try:
        return resolve(path).view_name
    except Resolver404:
        return None


def _problems(text_parts, language, codes, stored, messages, route, verbatim=()):
    found = []
    for text in text_parts:
        if text in codes and text not in verbatim:
            found.append(f"raw code {text!r}")
        elif route not in AUDIT_PAGES and DOTTED_KEY.search(text):
            found.append(f"internal key {DOTTED_KEY.search(text).group(0)!r} in {text[:60]!r}")
        if REPR.search(text):
            found.append(f"Python repr in {text[:80]!r}")
        if DECIMAL.search(text):
            found.append(f"unformatted decimal {DECIMAL.search(text).group(0)!r}")
        if UNGROUPED_MONEY.search(text):
            found.append(
                f"ungrouped amount {UNGROUPED_MONEY.search(text).group(0)!r} in {text[:60]!r}"
            )
        if language == "zh-hans" and PY_CONSTANT.search(text):
            found.append(f"Python value {PY_CONSTANT.search(text).group(0)!r} in {text[:60]!r}")
        if language == "en":
            for run in HAN.findall(text):
                if run in messages or run not in stored:
                    found.append(f"Chinese in English {run!r} in {text[:60]!r}")
                    break
    return found


def _walk_site(client, language, codes, stored, messages, check_links=False):
    seen_routes, problems, links_tried = set(), [], Counter()
    queue = deque((url, None) for url in _start_urls())  # (url, the page that links to it)
    visited_urls = set()
    while queue:
        url, linked_from = queue.popleft()
        path = urlsplit(url).path
        route = _route_name(path)
        if route is None or route in SKIP_ROUTES or NOT_PAGES.search(route):
            continue
        if url in visited_urls:
            continue
        if route in seen_routes:
            # The page's text was read once for its route; another link to it is still
            # followed (a few a route, once per login) to see that it leads somewhere.
            if check_links and linked_from is not None and links_tried[route] < LINKS_A_ROUTE:
                visited_urls.add(url)
                links_tried[route] += 1
                if client.get(url).status_code == 404:
                    problems.append((route, url, f"dead link (404) on {linked_from}"))
            continue
        visited_urls.add(url)
        response = client.get(url, HTTP_ACCEPT_LANGUAGE=language)
        if response.status_code >= 500:
            problems.append((route, url, f"server error {response.status_code}"))
            seen_routes.add(route)
            continue
        if response.status_code in (301, 302):
            queue.append((response["Location"], linked_from))
            continue
        if response.status_code == 404 and linked_from is not None:
            # a link the page offers to someone who cannot follow it
            problems.append((route, url, f"dead link (404) on {linked_from}"))
            continue
        if response.status_code != 200:
            continue
        seen_routes.add(route)
        if not response.get("Content-Type", "").startswith("text/html"):
            continue
        body = response.content.decode("utf-8", "replace")
        parser = _Text(language)
        parser.feed(body)
        for problem in _problems(
            parser.parts, language, codes, stored, messages, route, parser.verbatim
        ):
            problems.append((route, url, problem))
        links = _Links()
        links.feed(body)
        for href in links.hrefs:
            if not href.startswith(("/static/", "/media/", "/api/", "/admin/")):
                queue.append((href.split("#")[0], url))
    return seen_routes, problems


def _fold_in_fragments():
    """English written into locale/fragments/*.po and not folded into the compiled catalogue
    yet (``make messages`` does it on merge) counts as translated here."""
    import ast
    from pathlib import Path

    from django.utils.translation import trans_real

    import gonghui

    catalog = trans_real.translation("en")._catalog
    entry = re.compile(r'^(?:msgctxt (".*")\n)?msgid ((?:".*"\n)+)msgstr ((?:".*"\n?)+)', re.M)
    for fragment in (Path(gonghui.__file__).parent / "locale" / "fragments").glob("*.po"):
        for match in entry.finditer(fragment.read_text(encoding="utf-8")):
            context = ast.literal_eval(match.group(1)) if match.group(1) else ""
            msgid, msgstr = (
                "".join(ast.literal_eval(line) for line in group.split("\n") if line)
                for group in match.groups()[1:]
            )
            if msgid and msgstr:
                catalog[f"{context}\x04{msgid}" if context else msgid] = msgstr


@pytest.fixture
def demo_district(settings):
    _fold_in_fragments()
    settings.REQUIRE_2FA_FOR_DISTRICT_ADMINS = False
    demo.load_demo()


@pytest.mark.parametrize("username", ROLES)
def test_demo_pages_show_labels_not_raw_values(username, demo_district):
    from gonghui.core.models import User

    codes, stored, messages = _enum_codes(), _stored_text(), _catalogue_messages()
    client = Client(raise_request_exception=False)
    client.force_login(User.objects.get(username=username))
    failures, pages = [], 0
    for language in LANGUAGES:
        routes, problems = _walk_site(
            client, language, codes, stored, messages, check_links=language == LANGUAGES[0]
        )
        pages += len(routes)
        failures += [
            f"[{language}] {route} {url}: {problem}"
            for route, url, problem in problems
            if route not in PENDING
        ]
    assert pages > 4, f"{username} reached only {pages} pages"
    assert not failures, f"{len(failures)} problems on {username}'s pages:\n" + "\n".join(
        sorted(set(failures))[:80]
    )
