import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from gonghui.assemblies.models import Delegate
from gonghui.core.access import assignments_of
from gonghui.core.imports import services as imports
from gonghui.core.models import ImportJob
from tests.conftest import acting

from .helpers import make_congress, make_member

pytestmark = pytest.mark.django_db


def _run(cast, data):
    with acting(cast.chair_a):
        job = imports.start_import(
            actor=cast.chair_a,
            assignment=assignments_of(cast.chair_a)[0],
            importer_key="delegates",
            org=cast.union_a,
            upload=SimpleUploadedFile("代表名单.csv", data.encode("utf-8-sig")),
        )
        job = imports.validate_job(job)
        imports.commit_job(ImportJob.objects.get(pk=job.pk), "valid")
    return ImportJob.objects.get(pk=job.pk)


def test_delegates_import_and_reimport_changes_nothing(cast):
    congress, _ = make_congress(cast, seats=3, delegates=0)
    a = make_member(cast.union_a, "甲甲", gender="F")
    b = make_member(cast.union_a, "甲乙")
    outsider = make_member(cast.union_b, "乙丙")
    csv = (
        "代表大会名称,会员证号,选区,中层以上管理人员,一线职工,主席团成员,列席,选区选举情况\n"
        f"{congress.name},{a.card_number},一车间,否,是,是,否,得票 40\n"
        f"{congress.name},{b.card_number},二车间,是,否,否,否,\n"
        f"{congress.name},{outsider.card_number},二车间,否,否,否,否,\n"
        f"{congress.name},{a.card_number},一车间,否,是,是,否,\n"
    )
    job = _run(cast, csv)
    rows = {issue["row"] for issue in job.issues}
    assert rows == {4, 5}
    delegates = {d.member.name: d for d in Delegate.unscoped.filter(congress=congress)}
    assert set(delegates) == {"甲甲", "甲乙"}
    assert delegates["甲甲"].is_woman and delegates["甲甲"].in_presidium
    assert delegates["甲乙"].is_manager and delegates["甲乙"].constituency.name == "二车间"
    _run(cast, csv)
    assert Delegate.unscoped.filter(congress=congress).count() == 2
