import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from gonghui.assistance import jobless
from gonghui.assistance.models import JoblessWorker
from tests.conftest import MARKER_A, acting

from .helpers import TODAY, make_member, person_id

pytestmark = pytest.mark.django_db


def test_register_serve_and_reemploy(cast, login):
    member = make_member(cast.union_a)
    client = login(cast.chair_a)
    response = client.post(
        "/assistance/jobless/new/",
        {
            "name": member.name,
            "id_number": member.id_number,
            "status": "laid_off",
            "member_card": member.card_number,
            "skills": "数控车床",
            "needs": "再就业岗位",
        },
    )
    worker = JoblessWorker.objects.get()
    assert response["Location"] == f"/assistance/jobless/{worker.pk}/"
    assert worker.member == member and worker.org == cast.union_a
    url = f"/assistance/jobless/{worker.pk}/"
    client.post(
        url,
        {
            "form": "service",
            "kind": "training",
            "date": TODAY.isoformat(),
            "description": "数控技能培训班",
            "outcome": "结业",
        },
    )
    missing = client.post(
        url,
        {"form": "service", "kind": "referral", "date": TODAY.isoformat(), "description": "车工"},
    )
    assert "职业介绍需填写用人单位" in missing.content.decode()
    client.post(
        url,
        {
            "form": "service",
            "kind": "startup_grant",
            "date": TODAY.isoformat(),
            "description": "小微创业",
            "amount": "3000",
        },
    )
    client.post(
        url,
        {"form": "outcome", "reemployed_on": TODAY.isoformat(), "employer": "东湖钢铁集团有限公司"},
    )
    worker.refresh_from_db()
    assert worker.status == "reemployed" and worker.reemployed_employer == "东湖钢铁集团有限公司"
    listing = client.get("/assistance/jobless/").content.decode()
    assert 'id="jobless-reemployed">1<' in listing
    assert worker.services.count() == 2
    assert "¥3000" in listing


def test_one_registration_per_person_and_id_checked(cast):
    with acting(cast.chair_a):
        jobless.register_worker(
            actor=cast.chair_a,
            org=cast.union_a,
            name="甲工会某",
            id_number=(pid := person_id()),
            status="unemployed",
        )
        with pytest.raises(ValidationError, match="已登记"):
            jobless.register_worker(
                actor=cast.chair_a,
                org=cast.union_a,
                name="甲工会某",
                id_number=pid,
                status="unemployed",
            )
        with pytest.raises(ValidationError):
            jobless.register_worker(
                actor=cast.chair_a,
                org=cast.union_a,
                name="错号",
                id_number="110101198001010054",
                status="unemployed",
            )


def test_chair_b_sees_nothing_and_cannot_register_in_a(cast, login):
    with acting(cast.chair_a):
        worker = jobless.register_worker(
            actor=cast.chair_a,
            org=cast.union_a,
            name="甲工会失业者",
            id_number=person_id(datetime.date(1975, 1, 1)),
            status="unemployed",
        )
    b = login(cast.chair_b)
    assert b.get(f"/assistance/jobless/{worker.pk}/").status_code == 404
    assert MARKER_A not in b.get("/assistance/jobless/").content.decode()
    with acting(cast.chair_b), pytest.raises(PermissionDenied):
        jobless.register_worker(
            actor=cast.chair_b,
            org=cast.union_a,
            name="x",
            id_number=person_id(),
            status="unemployed",
        )
