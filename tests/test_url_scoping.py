"""Every URL pattern and every API operation, found by walking the resolver and the OpenAPI
document, is checked with data created for it:

- anonymous: a login redirect (pages) or 401 (API), unless the route is listed as public;
- ``chair_b`` on union A's objects: 404 (never 403 with details); on lists: nothing of A shows;
- ``chair_a`` on its own objects: allowed where its role permits (not 404, never 500).

A route with URL arguments must have a sample in ``tests/<app>/samples.py`` (``SAMPLES``,
``API_SAMPLES``) or the test fails; public pages are listed in ``PUBLIC_ROUTES``.
"""

import importlib
import pkgutil
import re

import pytest
from django.urls import URLPattern, URLResolver, get_resolver

import tests
from tests.conftest import MARKER_A

SAMPLES, API_SAMPLES, PUBLIC_ROUTES, NOT_UNION_OWNED = {}, {}, set(), set()
for module_info in pkgutil.iter_modules(tests.__path__):
    try:
        module = importlib.import_module(f"tests.{module_info.name}.samples")
    except ModuleNotFoundError:
        continue
    SAMPLES.update(getattr(module, "SAMPLES", {}))
    API_SAMPLES.update(getattr(module, "API_SAMPLES", {}))
    PUBLIC_ROUTES |= set(getattr(module, "PUBLIC_ROUTES", set()))
    NOT_UNION_OWNED |= set(getattr(module, "NOT_UNION_OWNED", set()))

GENERIC_KWARGS = {"code": lambda cast: cast.union_a.code}
SKIPPED_NAMESPACES = {"admin", "api"}  # Django admin (superusers only); the API is walked below


def _walk(patterns, namespace=""):
    for p in patterns:
        if isinstance(p, URLResolver):
            ns = p.namespace or ""
            if ns in SKIPPED_NAMESPACES:
                continue
            yield from _walk(p.url_patterns, f"{namespace}{ns}:" if ns else namespace)
        elif isinstance(p, URLPattern) and p.name:
            yield f"{namespace}{p.name}", p


ROUTES = sorted({name: p for name, p in _walk(get_resolver().url_patterns)}.items())


def _kwargs(name, pattern, cast):
    wanted = set(pattern.pattern.regex.groupindex)
    if not wanted:
        return {}
    if name in SAMPLES:
        return SAMPLES[name](cast)
    if wanted <= set(GENERIC_KWARGS):
        return {key: GENERIC_KWARGS[key](cast) for key in wanted}
    pytest.fail(
        f"route {name} has URL arguments {sorted(wanted)} but no sample in tests/<app>/samples.py"
    )


def _call(client, url):
    response = client.get(url)
    if response.status_code == 405:
        response = client.post(url, {})
    return response


@pytest.mark.django_db
@pytest.mark.parametrize(("name", "pattern"), ROUTES, ids=[r[0] for r in ROUTES])
def test_page_route_is_scoped(name, pattern, cast, login, client):
    from django.urls import reverse

    kwargs = _kwargs(name, pattern, cast)
    url = reverse(name, kwargs=kwargs)

    anonymous = _call(client, url)
    assert anonymous.status_code < 500, f"{url} anonymous: {anonymous.status_code}"
    if name in PUBLIC_ROUTES:
        return
    assert anonymous.status_code == 302 and "/login/" in anonymous["Location"], (
        f"{url} answered {anonymous.status_code} to an anonymous visitor"
    )

    outsider = _call(login(cast.chair_b), url)
    body = (
        outsider.content.decode("utf-8", "replace")
        if outsider.get("Content-Type", "").startswith("text")
        else ""
    )
    if kwargs and name not in NOT_UNION_OWNED:
        assert outsider.status_code == 404, f"chair_b on union A's {url}: {outsider.status_code}"
    else:
        assert outsider.status_code in (200, 302, 403), f"chair_b on {url}: {outsider.status_code}"
    assert MARKER_A not in body, f"{url} shows union A's data to chair_b"

    owner = _call(login(cast.chair_a), url)
    assert owner.status_code not in (404, 500), f"chair_a on own {url}: {owner.status_code}"


def _api_operations():
    from gonghui.api import api

    schema = api.get_openapi_schema()
    for path, methods in sorted(schema["paths"].items()):
        for method, operation in methods.items():
            yield path, method, operation


API_OPERATIONS = list(_api_operations())


def _api_params(path, cast):
    wanted = set(re.findall(r"{(\w+)}", path))
    if not wanted:
        return {}
    if path in API_SAMPLES:
        return API_SAMPLES[path](cast)
    if wanted <= set(GENERIC_KWARGS):
        return {key: GENERIC_KWARGS[key](cast) for key in wanted}
    pytest.fail(
        f"API operation {path} has path parameters {sorted(wanted)} but no sample in "
        "API_SAMPLES of tests/<app>/samples.py"
    )


def _api_call(client, method, url, has_body, headers=None):
    kwargs = {"content_type": "application/json", "data": "{}"} if has_body else {}
    return getattr(client, method)(url, **kwargs, **(headers or {}))


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("path", "method", "operation"),
    API_OPERATIONS,
    ids=[f"{m.upper()} {p}" for p, m, _o in API_OPERATIONS],
)
def test_api_operation_is_scoped(path, method, operation, cast, login, client):
    if path.endswith("/openapi.json") or path.endswith("/docs"):
        return
    params = _api_params(path, cast)
    url = path.format(**params)
    has_body = "requestBody" in operation

    anonymous = _api_call(client, method, url, has_body)
    assert anonymous.status_code == 401, f"{method} {url} anonymous: {anonymous.status_code}"

    outsider = _api_call(login(cast.chair_b), method, url, has_body)
    if params:
        allowed = {404, 422} if has_body else {404}
        assert outsider.status_code in allowed, f"chair_b {method} {url}: {outsider.status_code}"
    else:
        assert outsider.status_code in (200, 201, 403, 404, 422), (
            f"chair_b {method} {url}: {outsider.status_code}"
        )
    assert MARKER_A not in outsider.content.decode("utf-8", "replace")

    owner = _api_call(login(cast.chair_a), method, url, has_body)
    assert owner.status_code < 500, f"chair_a {method} {url}: {owner.status_code}"
    if params and not has_body:
        assert owner.status_code != 404, f"chair_a {method} {url}: 404 on its own object"


@pytest.mark.django_db
def test_api_token_auth_scopes_like_session(cast, client):
    from gonghui.core import tokens

    _token, raw = tokens.create_token(
        actor=cast.chair_b, assignment=cast.chair_b_assignment, name="t"
    )
    headers = {"HTTP_AUTHORIZATION": f"Bearer {raw}"}
    assert client.get("/api/v1/orgs/A", **headers).status_code == 404
    assert client.get("/api/v1/orgs/B", **headers).status_code == 200
    listing = client.get("/api/v1/orgs/", **headers).json()
    assert {item["code"] for item in listing["items"]} == {"B"}
