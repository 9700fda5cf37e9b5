import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from gonghui.members.models import Member
from tests.conftest import MARKER_A

from .helpers import add_member, new_id

pytestmark = pytest.mark.django_db


def test_api_list_search_and_detail_are_masked(cast, login):
    member = add_member(cast.chair_a, cast.union_a, name="张三")
    client = login(cast.chair_a)
    data = client.get("/api/v1/members/", {"q": "zs"}).json()
    assert [m["id"] for m in data["items"]] == [member.pk]
    detail = client.get(f"/api/v1/members/{member.pk}").json()
    assert detail["id_number_masked"] == member.id_number_masked
    assert member.id_number not in str(detail) and member.phone not in str(detail)


def test_api_chair_b_cannot_see_union_a(cast, login):
    member = add_member(cast.chair_a, cast.union_a, name=f"{MARKER_A}李四")
    client = login(cast.chair_b)
    assert client.get(f"/api/v1/members/{member.pk}").status_code == 404
    assert MARKER_A not in client.get("/api/v1/members/").content.decode()
    assert client.get("/api/v1/members/stats/", {"org": "A"}).json()["org_code"] == "B"


def test_api_create_and_refuse(cast, login):
    client = login(cast.chair_a)
    response = client.post(
        "/api/v1/members/",
        {"org_code": "A", "name": "王五", "id_number": new_id()},
        content_type="application/json",
    )
    assert response.status_code == 201 and response.json()["org_code"] == "A"
    response = client.post(
        "/api/v1/members/",
        {"org_code": "A", "name": "王五", "id_number": "123"},
        content_type="application/json",
    )
    assert response.status_code == 422 and "id_number" in response.json()["errors"]
    response = login(cast.chair_b).post(
        "/api/v1/members/",
        {"org_code": "A", "name": "x", "id_number": new_id()},
        content_type="application/json",
    )
    assert response.status_code == 404


def test_api_import_validates_and_commits(cast, login):
    csv = f"姓名,身份证号,手机号\n赵六,{new_id()},13800000001\n钱七,123,13800000002\n"
    client = login(cast.chair_a)
    response = client.post(
        "/api/v1/members/imports",
        {"file": SimpleUploadedFile("r.csv", csv.encode()), "org_code": "A", "commit": "valid"},
    )
    body = response.json()
    assert response.status_code == 201, body
    assert body["status"] == "done" and body["result"]["counts"] == {"新增": 1}
    assert body["issues"][0]["row"] == 3 and body["issues"][0]["column"] == "身份证号"
    assert Member.unscoped.filter(name="赵六").exists()
