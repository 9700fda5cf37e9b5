"""The roster list page as it is drawn cheaply: rows built in one pass, filter selects
rendered once per value and language. It must show the same things, escaped."""

import datetime
import re

import pytest
from django.urls import reverse
from django.utils import translation

from gonghui.members.forms import FilterForm, StaticSelect
from gonghui.members.models import MemberStatus

from .helpers import add_member, new_id

pytestmark = pytest.mark.django_db


def _row_of(body, pk):
    match = re.search(rf'<tr><td><a href="/members/{pk}/">.*?</tr>', body)
    assert match, f"no row for member {pk}"
    return match.group(0)


def test_rows_show_labels_masked_data_and_escape_names(cast, login):
    member = add_member(
        cast.chair_a,
        cast.union_a,
        name='<b>王"五</b>',
        id_number=new_id(gender="F"),
        phone="13912345678",
        employment_form="dispatch",
        join_date=datetime.date(2021, 3, 4),
    )
    body = login(cast.chair_a).get("/members/").content.decode()
    row = _row_of(body, member.pk)
    assert "<b>" not in row
    assert "&lt;b&gt;王&quot;五&lt;/b&gt;" in row or "&lt;b&gt;王&#34;五&lt;/b&gt;" in row
    assert member.id_number not in body and member.id_number_masked in row
    assert "13912345678" not in body and "139****5678" in row
    assert ">女<" in row  # the label, not the code "F"
    assert ">F<" not in row and ">dispatch<" not in row
    assert "2021-03-04" in row and cast.union_a.name in row
    assert 'class="badge text-bg-success status-badge">在会<' in row


def test_status_badge_follows_the_status(cast, login):
    member = add_member(cast.chair_a, cast.union_a, name="退休者")
    type(member).unscoped.filter(pk=member.pk).update(status=MemberStatus.RETIRED)
    body = login(cast.chair_a).get("/members/").content.decode()
    assert "badge text-bg-info status-badge" in _row_of(body, member.pk)


def test_empty_list_says_so(cast, login):
    body = login(cast.chair_b).get("/members/", {"q": "没有这个人"}).content.decode()
    assert "没有符合条件的会员。" in body


def test_filter_selects_follow_each_request(cast, login):
    client = login(cast.chair_a)
    for status in ["retired", "active", "retired", ""]:
        body = client.get("/members/", {"status": status, "gender": "F"}).content.decode()
        selected = re.findall(r'<option value="([^"]*)" selected>', body)
        # in page order: status, form (blank), gender, age (blank), sort (blank)
        assert selected == [status, "", "F", "", ""], (status, selected)
    body = client.get("/members/", {"status": "bogus", "sort": "name"}).content.decode()
    assert '<option value="bogus"' not in body
    assert '<option value="name" selected>' in body


def test_static_select_stores_only_values_among_its_choices():
    form = FilterForm({"status": "x" * 50, "gender": "M"})
    before = len(StaticSelect._rendered)
    str(form["status"])
    assert len(StaticSelect._rendered) == before  # a value outside the choices: not stored
    str(form["gender"])
    str(form["gender"])
    assert len(StaticSelect._rendered) <= before + 1


def test_filter_selects_come_in_the_page_language(cast, login):
    client = login(cast.chair_a)
    with translation.override("en"):
        english = str(FilterForm.base_fields["status"].choices[0][1])
    zh = client.get("/members/", HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()
    en = client.get("/members/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert '<option value="" selected>全部</option>' in zh
    assert f'<option value="" selected>{english}</option>' in en
    assert english != "全部"


def test_rows_link_to_the_detail_page(cast, login):
    member = add_member(cast.chair_a, cast.union_a, name="链接")
    body = login(cast.chair_a).get("/members/").content.decode()
    assert f'href="{reverse("members:detail", args=[member.pk])}"' in body


def test_cached_toolbar_and_head_follow_role_and_language(cast, login):
    add_url = reverse("members:create")
    chair = login(cast.chair_a).get("/members/").content.decode()
    reviewer = login(cast.reviewer).get("/members/").content.decode()
    assert f'href="{add_url}"' in chair and f'href="{add_url}"' not in reviewer
    assert f'href="{add_url}"' in login(cast.chair_a).get("/members/").content.decode()
    with translation.override("en"):
        name_en = str(translation.gettext("姓名"))
    en = login(cast.chair_a).get("/members/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert f"<th>{name_en}</th>" in en and name_en != "姓名"
    assert "<th>姓名</th>" in login(cast.chair_a).get("/members/").content.decode()


def test_deep_pages_continue_from_the_last_row(cast, login):
    from gonghui.core import paging

    members = [add_member(cast.chair_a, cast.union_a, name=f"深页{n}") for n in range(3)]
    newest = max(m.pk for m in members)
    client = login(cast.chair_a)
    page = paging.KEYSET_FROM + 2
    body = client.get("/members/", {"page": page, "after": f"[{newest}]"}).content.decode()
    shown = {int(pk) for pk in re.findall(r'<tr><td><a href="/members/(\d+)/">', body)}
    assert shown and newest not in shown and all(pk < newest for pk in shown)
    assert f"第 {page} 页" in body
    assert f"page={page - 1}" in body and "before=" in body  # the way back, by key too
