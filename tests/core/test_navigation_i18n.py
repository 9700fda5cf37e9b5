"""The menu speaks the page's language (its labels are registered untranslated and translated
when the menu is built, once per role and language)."""

import pytest


@pytest.mark.django_db
def test_menu_follows_the_language_of_the_page(cast, login):
    client = login(cast.district_admin)
    chinese = client.get("/members/", HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()
    english = client.get("/members/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "困难帮扶" in chinese and "组织与会员" in chinese
    assert "Hardship assistance" in english and "Organisations &amp; members" in english
    assert "困难帮扶" not in english and "组织与会员" not in english
