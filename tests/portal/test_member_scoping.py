"""Every portal route walked by a member of union B (logged in, with the member role) against
union A's samples: object routes answer 404, and nothing of union A shows anywhere."""

import pytest
from django.test import Client
from django.urls import reverse

from gonghui.core.models import User
from gonghui.portal.urls import urlpatterns
from tests.conftest import MARKER_A

from .helpers import linked_member
from .samples import SAMPLES

# The card check is the public verification of someone's card: it names their union by design.
ROUTES = sorted(f"portal:{p.name}" for p in urlpatterns if p.name != "card_check")


@pytest.mark.django_db
@pytest.mark.parametrize("name", ROUTES)
def test_member_of_union_b_sees_nothing_of_union_a(name, cast):
    kwargs = SAMPLES[name](cast) if name in SAMPLES else {}
    user = User.objects.create(username="member-of-b")
    linked_member(cast.union_b, user, name="乙工会会员")
    client = Client()
    client.force_login(user)
    url = reverse(name, kwargs=kwargs)
    response = client.get(url)
    if response.status_code == 405:
        response = client.post(url, {})
    assert response.status_code < 500
    if name in ("portal:member_link", "portal:correction_answer", "portal:official_link"):
        assert response.status_code in (403, 404)
    body = response.content.decode("utf-8", "replace")
    assert MARKER_A not in body, f"{url} shows union A's data to a member of union B"
