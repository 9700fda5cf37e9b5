"""Our own run of the lead's URL scoping walk over honours routes (tests/test_url_scoping.py
does this for every app): anonymous → login or 401, chair_b → 404, chair_a → allowed."""

import pytest
from django.urls import get_resolver, reverse

from .samples import API_SAMPLES, PUBLIC_ROUTES, SAMPLES

pytestmark = pytest.mark.django_db


def _honours_routes():
    resolver = get_resolver()
    namespace = resolver.namespace_dict["honours"][1]
    return {f"honours:{p.name}": p for p in namespace.url_patterns}


def test_every_route_with_arguments_has_a_sample():
    missing = {
        name
        for name, p in _honours_routes().items()
        if p.pattern.regex.groups and name not in SAMPLES
    }
    assert missing == set()


def test_api_samples_match_openapi_paths():
    from gonghui.api import api  # imported in the test body (scopes off), like the routes

    paths = {p for p in api.get_openapi_schema()["paths"] if p.startswith("/api/v1/honours/")}
    with_params = {p for p in paths if "{" in p}
    assert with_params == set(API_SAMPLES)


@pytest.mark.parametrize("name", sorted(SAMPLES))
def test_route_scoping(name, cast, login, client):
    kwargs = SAMPLES[name](cast)
    url = reverse(name, kwargs=kwargs)
    anonymous = client.get(url)
    if name in PUBLIC_ROUTES:
        assert anonymous.status_code == 200
        return
    assert anonymous.status_code == 302, url
    outsider = login(cast.chair_b).get(url)
    assert outsider.status_code == 404, url
    assert "甲工会" not in outsider.content.decode()
    insider = login(cast.chair_a).get(url)
    assert insider.status_code not in (403, 404, 500), (url, insider.status_code)


@pytest.mark.parametrize("path", sorted(API_SAMPLES))
def test_api_scoping(path, cast, login, client):
    url = path.format(**API_SAMPLES[path](cast))
    method = "post" if path.endswith(("withdraw", "review")) else "get"
    body = {"reason": "测试", "decision": "return"} if method == "post" else None
    assert getattr(client, method)(url, body, content_type="application/json").status_code == 401
    outsider = getattr(login(cast.chair_b), method)(url, body, content_type="application/json")
    assert outsider.status_code == 404, url
    insider = getattr(login(cast.chair_a), method)(url, body, content_type="application/json")
    assert insider.status_code == 200, (url, insider.content)
