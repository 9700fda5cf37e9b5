import pytest
from django.test import Client

from gonghui.core.models import AuditEvent
from gonghui.life.services import profiles
from tests.conftest import MARKER_A, acting
from tests.life.factories import make_notice

pytestmark = pytest.mark.django_db


def test_public_page_shows_profile_and_only_public_notices(cast):
    with acting(cast.chair_a):
        profiles.save_profile(
            actor=cast.chair_a, intro="维护职工权益，组织文体活动", how_to_join="填写入会申请"
        )
    make_notice(cast.street_admin, cast.street, title="街道公开通知", is_public=True)
    make_notice(cast.street_admin, cast.street, title="街道内部通知")
    make_notice(cast.street_admin, cast.street, title="给乙的公开通知", is_public=True, reach="chosen",
                targets=[cast.union_b])  # fmt: skip
    body = Client().get(f"/life/u/{cast.union_a.code}/").content.decode()
    assert "维护职工权益，组织文体活动" in body and "填写入会申请" in body
    assert "街道公开通知" in body
    assert "街道内部通知" not in body and "给乙的公开通知" not in body
    assert AuditEvent.objects.filter(action="life.profile.save").count() == 1


def test_public_notice_not_public_answers_404(cast):
    n = make_notice(cast.chair_a, cast.union_a)
    assert Client().get(f"/life/u/{cast.union_a.code}/notices/{n.public_key}/").status_code == 404
    public = make_notice(cast.chair_a, cast.union_a, is_public=True, title=f"{MARKER_A}公开")
    assert (
        Client().get(f"/life/u/{cast.union_b.code}/notices/{public.public_key}/").status_code == 404
    )
    response = Client().get(f"/life/u/{cast.union_a.code}/notices/{public.public_key}/")
    assert response.status_code == 200 and f"{MARKER_A}公开" in response.content.decode()


def test_unknown_union_answers_404():
    assert Client().get("/life/u/NOPE/").status_code == 404
