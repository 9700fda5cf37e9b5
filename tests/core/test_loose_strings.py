"""Loose strings of core and the API go through gettext (issue 20, item 8): the API's error
details, the counts of a finished import, the site name, the PDF page footer."""

import pytest
from django.template.loader import get_template
from django.test import Client
from django.utils import translation

from gonghui.core.imports.base import CREATED, UNCHANGED
from tests.core.test_demo_pages import _fold_in_fragments

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english():
    # the English of this branch's fragment, before `make messages` compiles it
    _fold_in_fragments()


def test_api_error_detail_in_the_requested_language():
    client = Client()
    zh = client.get("/api/v1/orgs/", HTTP_ACCEPT_LANGUAGE="zh-hans")
    en = client.get("/api/v1/orgs/", HTTP_ACCEPT_LANGUAGE="en")
    assert zh.status_code == en.status_code == 401
    assert zh.json()["detail"] == "未登录或令牌无效"
    assert en.json()["detail"] == "Not signed in, or the token is invalid"


def test_import_counts_are_kept_in_chinese_and_shown_translated():
    assert (CREATED, UNCHANGED) == ("新增", "未变化")
    page = get_template("imports/job.html").template.source
    assert "{% translate action %}" in page
    with translation.override("en"):
        assert translation.gettext(UNCHANGED) == "Unchanged"


def test_site_name_and_pdf_footer_translated(settings):
    with translation.override("en"):
        assert str(settings.SITE_NAME) == "Union Work Platform"
        footer = get_template("core/pdf_base.html").render({})
    assert '"Page " counter(page) " of " counter(pages)' in footer
    with translation.override("zh-hans"):
        assert str(settings.SITE_NAME) == "工会工作平台"
        footer = get_template("core/pdf_base.html").render({})
    assert '"第 " counter(page) " 页 / 共 " counter(pages) " 页"' in footer
