"""J4 (issue 22): a home visit recorded before the file is submitted counts, and the form says
so; the payment list's print is in each listed file's history."""

import pytest

from gonghui.assistance import services
from gonghui.assistance.enums import FileStatus
from tests.conftest import acting

from .helpers import TODAY, draft_file, set_dibao

pytestmark = pytest.mark.django_db


def test_visit_recorded_on_a_draft_counts_when_the_file_is_submitted(cast, login):
    set_dibao(cast)
    file = draft_file(cast)
    page = login(cast.chair_a).get(f"/assistance/files/{file.pk}/visit/").content.decode()
    assert "提交后档案直接进入" in page
    with acting(cast.staff_a):
        services.record_visit(
            actor=cast.staff_a, file=file, visited_on=TODAY, visitors="陈静、孙磊", findings="属实"
        )
    file.refresh_from_db()
    assert file.status == FileStatus.DRAFT
    with acting(cast.chair_a):
        services.submit_file(actor=cast.chair_a, file=file)
    file.refresh_from_db()
    assert file.status == FileStatus.VISITED
    # the visit step's note, the system's, on the timeline in the reader's language
    english = login(cast.chair_a).get(f"/assistance/files/{file.pk}/", HTTP_ACCEPT_LANGUAGE="en")
    assert "Home visit recorded before submission" in english.content.decode()
    chinese = login(cast.chair_a).get(f"/assistance/files/{file.pk}/").content.decode()
    assert "提交前已登记入户核查" in chinese


def test_draft_without_visit_stays_submitted(cast):
    set_dibao(cast)
    file = draft_file(cast)
    with acting(cast.chair_a):
        services.submit_file(actor=cast.chair_a, file=file)
    file.refresh_from_db()
    assert file.status == FileStatus.SUBMITTED
