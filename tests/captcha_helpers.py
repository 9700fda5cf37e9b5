"""Answering the public forms' captcha in tests the way a person does: read the challenge the
page shows (its answer is kept in django-simple-captcha's table) and type the answer."""

import re

CAPTCHA_KEY = re.compile(r'name="captcha_0" value="([0-9a-f]{40})"')


def captcha_answer(page_html):
    """``{"captcha_0": key, "captcha_1": answer}`` for the captcha on the page, or ``{}``."""
    from captcha.models import CaptchaStore

    match = CAPTCHA_KEY.search(page_html)
    if match is None:
        return {}
    store = CaptchaStore.objects.get(hashkey=match.group(1))
    return {"captcha_0": store.hashkey, "captcha_1": store.response}


def post_solving_captcha(client, url, data, **extra):
    """GET the form (as the browser shows it), answer its captcha if it has one, POST."""
    page = client.get(url, **extra).content.decode()
    return client.post(url, {**data, **captcha_answer(page)}, **extra)
