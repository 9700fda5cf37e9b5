"""Finding 6: public forms and logins hold under abuse (limits in the shared cache, per client
address behind a configured number of proxies, captcha, length limits, body cap)."""

import pytest
from django.core.cache import caches
from django.core.cache.backends.db import DatabaseCache
from django.urls import reverse

from gonghui.core import ratelimit
from gonghui.rights.models import WorkerRequest as Request
from tests.captcha_helpers import captcha_answer, post_solving_captcha
from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db


CREDIT_CODE = {}


@pytest.fixture(autouse=True)
def _employer(cast):
    CREDIT_CODE["b"] = cast.employer_b.credit_code


def _grievance(n=0, **changes):
    return {
        "category": "wages",
        "title": f"欠薪{n}",
        "description": "两个月未发",
        "employer_name": "某工地",
        "credit_code": CREDIT_CODE["b"],
        "affected_workers": 2,
        "contact_name": "王五",
        "contact_phone": "13700001111",
        "consent": "on",
        **changes,
    }


def test_rapid_grievances_are_cut_off_per_address(cast, client):
    url = reverse("rights:public_new")
    statuses = [post_solving_captcha(client, url, _grievance(n)).status_code for n in range(12)]
    assert statuses == [200] * 10 + [429, 429]
    assert Request.unscoped.count() == 10
    # Another address is not locked out by the first one's submissions.
    other = post_solving_captcha(client, url, _grievance(99), REMOTE_ADDR="10.9.9.9")
    assert other.status_code == 200
    assert Request.unscoped.count() == 11


def test_captcha_after_the_first_submissions(cast, client):
    url = reverse("rights:public_new")
    assert 'name="captcha_1"' not in client.get(url).content.decode()
    client.post(url, _grievance(1))
    client.post(url, _grievance(2))
    assert Request.unscoped.count() == 2
    page = client.get(url).content.decode()
    assert 'name="captcha_1"' in page
    assert "验证码" in page
    wrong = {**_grievance(3), **captcha_answer(page), "captcha_1": "wrong"}
    response = client.post(url, wrong)
    assert "验证码不正确，请重新计算后填写" in response.content.decode()
    assert Request.unscoped.count() == 2
    right = {**_grievance(4), **captcha_answer(client.get(url).content.decode())}
    assert client.post(url, right).status_code == 200
    assert Request.unscoped.count() == 3


def test_forwarded_for_is_believed_only_through_trusted_proxies(cast, client, settings):
    url = reverse("rights:public_new")
    # No trusted proxy: a forged header does not give a fresh address.
    for n in range(10):
        post_solving_captcha(client, url, _grievance(n), HTTP_X_FORWARDED_FOR=f"10.0.0.{n}")
    assert (
        post_solving_captcha(
            client, url, _grievance(11), HTTP_X_FORWARDED_FOR="10.0.0.77"
        ).status_code
        == 429
    )
    # Behind one trusted proxy: the proxy's entry (the last) is the client; behind the proxy,
    # one client's submissions do not lock out another.
    settings.TRUSTED_PROXY_COUNT = 1
    assert (
        post_solving_captcha(
            client, url, _grievance(12), HTTP_X_FORWARDED_FOR="1.2.3.4, 10.0.0.5"
        ).status_code
        == 200
    )
    assert ratelimit.count("public:rights-request", "10.0.0.5") == 1


def test_free_text_is_length_limited_with_a_chinese_message(cast, client):
    url = reverse("rights:public_new")
    response = client.post(url, _grievance(description="字" * 5001))
    assert response.status_code == 200
    assert "“诉求内容”最多 5000 字，现在是 5001 字，请删减后再提交" in response.content.decode()
    assert 'maxlength="5000"' in response.content.decode()
    assert Request.unscoped.count() == 0


def test_huge_body_is_refused_before_it_is_read(cast, client):
    response = client.post(reverse("rights:public_new"), _grievance(description="字" * 5_000_000))
    assert response.status_code == 413
    assert "提交的内容过大" in response.content.decode()
    assert Request.unscoped.count() == 0


def test_joining_and_objection_fields_are_limited(cast, client):
    page = client.post(
        "/members/join/A/",
        {
            "name": "名" * 51,
            "id_number": "1",
            "phone": "1",
            "employer_name": "单" * 151,
            "employment_form": "regular",
            "consent": "on",
        },
    )
    body = page.content.decode()
    assert "“姓名”最多 50 字，现在是 51 字" in body
    assert "“工作单位（平台企业）”最多 150 字，现在是 151 字" in body


def test_account_locks_after_five_failures_from_any_address(cast, client):
    for n in range(5):
        client.post("/login/", {"username": "chair-a", "password": "x"}, REMOTE_ADDR=f"10.1.0.{n}")
    response = client.post(
        "/login/", {"username": "chair-a", "password": PASSWORD}, REMOTE_ADDR="10.1.0.99"
    )
    assert response.status_code == 429
    assert "登录失败次数过多" in response.content.decode()
    # The address is counted separately: another account from a fresh address still logs in.
    ok = client.post(
        "/login/", {"username": "chair-b", "password": PASSWORD}, REMOTE_ADDR="10.1.0.1"
    )
    assert ok.status_code == 302


def test_address_locks_after_many_failures_across_accounts(cast, client, settings):
    settings.LOGIN_MAX_FAILURES_PER_ADDRESS = 8
    for n in range(8):
        client.post("/login/", {"username": f"guess{n}", "password": "x"}, REMOTE_ADDR="10.2.0.1")
    locked = client.post(
        "/login/", {"username": "chair-b", "password": PASSWORD}, REMOTE_ADDR="10.2.0.1"
    )
    assert locked.status_code == 429
    assert (
        client.post(
            "/login/", {"username": "chair-b", "password": PASSWORD}, REMOTE_ADDR="10.2.0.2"
        ).status_code
        == 302
    )


def test_django_admin_login_has_the_same_lock(cast, client):
    from gonghui.core.models import User

    User.objects.create_superuser("root", password=PASSWORD)
    for _ in range(5):
        assert (
            client.post("/django-admin/login/", {"username": "root", "password": "x"}).status_code
            == 200
        )
    refused = client.post("/django-admin/login/", {"username": "root", "password": PASSWORD})
    assert refused.status_code == 429
    assert not client.get("/django-admin/").wsgi_request.user.is_authenticated


def test_limits_live_in_the_shared_database_cache(settings, transactional_db):
    """Without Redis the default cache is the database's: two workers (two cache objects) see one
    count. The table comes from the core migration."""
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": "gonghui_cache",
        },
    }
    caches["default"].clear()
    for _ in range(3):
        ratelimit.hit("public:demo", "10.3.0.1", limit=5, window=60)
    other_worker = DatabaseCache("gonghui_cache", {})
    assert other_worker.get("rl:public:demo:10.3.0.1") == 3
    other_worker.incr("rl:public:demo:10.3.0.1", 3)
    assert ratelimit.hit("public:demo", "10.3.0.1", limit=5, window=60) is False
    caches["default"].clear()
