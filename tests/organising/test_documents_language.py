"""The letters of a founding (请示, 批复, 登记表) are official Chinese documents: they are built in
Chinese whatever the page language, while the messages of the services follow it (issue 20,
item 8)."""

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from gonghui.organising import documents
from gonghui.organising.enums import FoundingDocument
from gonghui.organising.services import _common
from tests.core.test_demo_pages import _fold_in_fragments

from .helpers import found_union, make_target

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english():
    # the English of this branch's fragment, before `make messages` compiles it
    _fold_in_fragments()


def test_letters_stay_chinese_on_english_pages(cast):
    founding = found_union(cast, make_target(cast))
    with translation.override("en"):
        doc = documents.founding_document(founding, FoundingDocument.REGISTRATION)
        request = documents.founding_document(founding, FoundingDocument.CONSENT_REQUEST)
    assert doc["paragraphs"][0] == f"工会名称：{founding.union.name}"
    assert doc["table"]["head"] == ["姓名", "职务"]
    assert "工会类型：" in doc["paragraphs"][2] and "Grassroots" not in doc["paragraphs"][2]
    assert request["sign"] == f"{founding.union_name}筹备组"
    assert request["paragraphs"][-1] == "妥否，请批示。"


def test_service_messages_follow_the_page_language():
    with translation.override("en"), pytest.raises(ValidationError) as refused:
        _common.clean_candidates([{"name": "张明"}, {"name": "张明"}], 1)
    assert refused.value.message_dict["candidates"] == ['Candidate "张明" is listed twice']
    with translation.override("zh-hans"), pytest.raises(ValidationError) as refused:
        _common.clean_candidates([{"name": "张明"}, {"name": "张明"}], 1)
    assert refused.value.message_dict["candidates"] == ["候选人“张明”重复"]
