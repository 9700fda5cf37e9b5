"""#15.10 / J5: outside aid (civil-affairs grants) has a screen, an import on the import
framework, and a district report with drill-down."""

import datetime
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from gonghui.assistance.models import ExternalAid
from gonghui.core.access import assignments_of
from gonghui.core.imports import services as imports
from gonghui.core.models import ImportJob
from tests.conftest import acting

from .helpers import TODAY, person_id


def test_outside_aid_is_entered_on_its_page(cast, login):
    client = login(cast.chair_a)
    assert "尚无外部救助记录" in client.get("/assistance/outside-aid/").content.decode()
    number = person_id(datetime.date(1970, 1, 2))
    response = client.post(
        "/assistance/outside-aid/new/",
        {
            "person_name": "甲工会王秀英",
            "id_number": number,
            "source": "民政临时救助",
            "amount": "2000",
            "granted_on": TODAY.isoformat(),
        },
    )
    assert response.status_code == 302
    aid = ExternalAid.objects.get()
    assert (aid.org, aid.amount, aid.year, aid.granted_on) == (
        cast.union_a,
        Decimal("2000.00"),
        TODAY.year,
        TODAY,
    )
    page = client.get("/assistance/outside-aid/").content.decode()
    assert "甲工会王秀英" in page and number not in page
    again = client.post(
        "/assistance/outside-aid/new/",
        {
            "person_name": "甲工会王秀英",
            "id_number": number,
            "source": "民政临时救助",
            "amount": "2000",
            "granted_on": TODAY.isoformat(),
        },
    )
    assert "该笔外部救助已登记" in again.content.decode()


def _upload(user, org, data):
    with acting(user):
        job = imports.start_import(
            actor=user,
            assignment=assignments_of(user)[0],
            importer_key="assistance_outside_aid",
            org=org,
            upload=SimpleUploadedFile("外部救助.csv", data),
        )
        return imports.validate_job(job)


def test_outside_aid_import_checks_rows_and_is_idempotent(cast):
    good = person_id(datetime.date(1971, 3, 4))
    data = (
        "姓名,身份证号,资助来源,金额,发放日期\n"
        f"甲工会王秀英,{good},民政临时救助,2000,2026-03-15\n"
        "甲工会李四,123,民政助学金,abc,2026-03-15\n"
    ).encode()
    job = _upload(cast.chair_a, cast.union_a, data)
    messages = sorted((i["row"], i["column"]) for i in job.issues)
    assert messages == [(3, "身份证号"), (3, "金额")]
    with acting(cast.chair_a):
        job = imports.commit_job(ImportJob.objects.get(pk=job.pk), "valid")
    assert job.result["counts"] == {"新增": 1}
    assert ExternalAid.objects.get().source == "民政临时救助"
    again = _upload(cast.chair_a, cast.union_a, data)
    with acting(cast.chair_a):
        again = imports.commit_job(ImportJob.objects.get(pk=again.pk), "valid")
    assert again.result["counts"] == {"未变化": 1}
    assert ExternalAid.objects.count() == 1


@pytest.mark.django_db
def test_integrity_report_counts_and_drills_down(cast, login):
    from tests.assistance.test_integrity import test_duplicate_aid_across_programmes_is_flagged

    from .helpers import set_dibao

    test_duplicate_aid_across_programmes_is_flagged(cast, set_dibao(cast))
    page = login(cast.district_admin).get("/assistance/integrity/").content.decode()
    assert "同期已获其他救助" in page and "超过跨项目年度救助上限" in page
    drill = login(cast.district_admin).get("/assistance/integrity/?kind=overlap").content.decode()
    assert "民政临时救助 ¥3,000.00" in drill
    other = login(cast.chair_b).get("/assistance/integrity/?kind=overlap").content.decode()
    assert "民政临时救助" not in other
