"""The roster import's bulk write (COPY on PostgreSQL, bulk_create elsewhere): the same records
as one-by-one creation — members, join events, audit rows, search keys, kept counts."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.utils import translation

from gonghui.core import config
from gonghui.core.fields import blind_index_for
from gonghui.core.imports import services as imports
from gonghui.core.imports.reading import ReadError, estimate_rows, iter_table
from gonghui.core.models import AuditEvent, ImportJob, RoleAssignment
from gonghui.core.scoping import scopes_disabled
from gonghui.members import selectors
from gonghui.members.models import Member, MemberSearchKey, MembershipEvent, MemberTally
from gonghui.members.services import card_number_for
from tests.conftest import acting

ROWS = (
    "张三,110101199003070038,男,13800138000,2020-01-05\n"
    "李四娜,110101199208150023,女,139 0013 9000,2021年3月1日\n"
    "欧阳明,11010119850101005x,男,+86 137 0013 7000,2019.6.1\n"
)


def _csv(rows=ROWS, encoding="utf-8"):
    data = ("名册\n姓名,身份证号,性别,手机号,入会日期\n" + rows).encode(encoding)
    return SimpleUploadedFile("roster.csv", data, content_type="text/csv")


def _run(cast, upload, mode="all"):
    with acting(cast.chair_a):
        assignment = RoleAssignment.objects.get(user=cast.chair_a, org=cast.union_a)
        job = imports.start_import(
            actor=cast.chair_a,
            assignment=assignment,
            importer_key="members",
            org=cast.union_a,
            upload=upload,
        )
        return imports.commit_job(job, mode)


@pytest.mark.django_db(transaction=True)
def test_one_pass_import_writes_members_events_audit_keys_and_counts(cast):
    job = _run(cast, _csv())
    assert job.status == ImportJob.Status.DONE, job.message
    assert job.result["counts"] == {"新增": 3}
    assert job.total_rows == 3 and job.valid_rows == 3
    with scopes_disabled():
        members = {
            m.name: m
            for m in Member.unscoped.filter(org=cast.union_a, name__in=["张三", "李四娜", "欧阳明"])
        }
        assert set(members) == {"张三", "李四娜", "欧阳明"}
        ouyang = members["欧阳明"]
        assert ouyang.id_number == "11010119850101005X"  # decrypted, normalised
        assert ouyang.phone == "13700137000"
        assert ouyang.org_path == cast.union_a.path and ouyang.name_initials == "oym"
        assert ouyang.card_number.startswith("GH")
        # The indexes the write path stored are the ones lookups compute (HMACs keyed per batch)
        assert ouyang.card_number == card_number_for(ouyang.id_number)
        assert ouyang.id_number_index == blind_index_for(Member, "id_number", "11010119850101005x")
        assert ouyang.phone_index == blind_index_for(Member, "phone", "137 0013 7000")
        events = MembershipEvent.objects.filter(member__in=members.values(), kind="join")
        assert events.count() == 3 and {e.note for e in events} == {'\x1e["名册导入",{}]'}
        with translation.override("en"):  # kept as the message, worded when read
            assert {e.note_text for e in events} == {"Roster import"}
        assert {e.actor_id for e in events} == {cast.chair_a.pk}
        # The member's own history, as one-by-one creation writes it (COPY lines on PostgreSQL)
        assert {(e.member_id, e.on_date) for e in events} == {
            (m.pk, m.join_date) for m in members.values()
        }
        assert {(e.from_status, e.to_status, e.from_org_id, e.to_org_id) for e in events} == {
            ("", "active", None, cast.union_a.pk)
        }
        assert str(members["李四娜"].join_date) == "2021-03-01"
        # One audit event for the job (decision 0014), not one per member: it names the job,
        # whose row log (encrypted with the job's result) names each member created.
        assert not AuditEvent.unscoped.filter(action="members.member.create").exists()
        audit = AuditEvent.unscoped.get(action="members.import.commit", object_id=str(job.pk))
        assert audit.extra["counts"] == {"新增": 3} and audit.org_path == cast.union_a.path
        assert "110101" not in str(audit.changes) + str(audit.extra) + audit.object_repr
        logged = {
            row + i: first + i
            for row, first, length in job.result["row_log"]["created"]
            for i in range(length)
        }
        assert logged == {3: members["张三"].pk, 4: members["李四娜"].pk, 5: ouyang.pk}
        assert MemberSearchKey.objects.filter(member=ouyang, key="in:oym").exists()
        assert MemberTally.objects.filter(org=cast.union_a).exists()
    with acting(cast.chair_a):
        found = list(selectors.filtered_members({"q": "oym"}))
        assert [m.name for m in found] == ["欧阳明"]


@pytest.mark.django_db(transaction=True)
def test_import_with_errors_in_all_mode_writes_nothing_and_lists_every_problem(cast):
    rows = (
        ROWS
        + "王五,110101199003070039,男,13800138001,2020-01-05\n"
        + "赵六,123,男,1380013,2020-01-05\n"
    )
    job = _run(cast, _csv(rows))
    assert job.status == ImportJob.Status.FAILED
    assert "第 6 行" in job.message and "共 2 行有错误" in job.message
    assert job.error_rows == 2 and job.valid_rows == 3
    columns = {(i["row"], i["column"]) for i in job.issues}
    assert (6, "身份证号") in columns and (7, "手机号") in columns
    with scopes_disabled():
        assert not Member.unscoped.filter(name__in=["张三", "李四娜", "欧阳明"]).exists()


@pytest.mark.django_db(transaction=True)
def test_reimport_of_the_same_file_changes_nothing(cast):
    assert _run(cast, _csv()).result["counts"] == {"新增": 3}
    with scopes_disabled():
        before = (
            Member.unscoped.count(),
            MembershipEvent.objects.count(),
            MemberSearchKey.objects.count(),
        )
    again = _run(cast, _csv())
    assert again.result["counts"] == {"未变化": 3}
    with scopes_disabled():
        after = (
            Member.unscoped.count(),
            MembershipEvent.objects.count(),
            MemberSearchKey.objects.count(),
        )
    assert before == after


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_very_large_import_writes_search_keys_in_a_task_after_commit(cast):
    if connection.vendor != "postgresql":
        pytest.skip("the COPY path and its deferred search keys are PostgreSQL's")
    with scopes_disabled():
        config.set_value(
            actor=cast.district_admin, key="members.import_inline_search_rows", value=1
        )
    job = _run(cast, _csv())
    assert job.status == ImportJob.Status.DONE, job.message
    job.refresh_from_db()
    # The test settings run tasks at once: the keys exist and the job says so.
    assert job.result["search_index"] == "done"
    with scopes_disabled():
        zhang = Member.unscoped.get(org=cast.union_a, name="张三")
        assert MemberSearchKey.objects.filter(member=zhang, key="py:zhangsan").exists()
        assert MemberSearchKey.objects.filter(member=zhang, key="ph:8000").exists()


def test_csv_is_read_as_a_stream_in_each_encoding():
    text = "姓名,身份证号\n张三,110101199003070038\n"
    for encoding in ("utf-8", "utf-8-sig", "gb18030"):
        rows = list(iter_table(io.BytesIO(text.encode(encoding)), "a.csv"))
        assert rows == [["姓名", "身份证号"], ["张三", "110101199003070038"]], encoding
    handle = io.BytesIO(text.encode("utf-8"))
    assert estimate_rows(handle, "a.csv") == 2 and handle.tell() == 0


def test_csv_whose_encoding_changes_midway_is_a_clear_error():
    data = ("姓名\n" + "张三\n" * 40000).encode("utf-8") + "李四\n".encode("gb18030")
    with pytest.raises(ReadError, match="编码不一致"):
        list(iter_table(io.BytesIO(data), "a.csv"))


def test_xlsx_row_count_comes_from_the_sheet_dimension():
    import xlsxwriter

    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer)
    sheet = book.add_worksheet()
    for r in range(250):
        sheet.write_row(r, 0, ["张三", "110101199003070038"])
    book.close()
    assert estimate_rows(io.BytesIO(buffer.getvalue()), "a.xlsx") == 250


@pytest.mark.django_db(transaction=True)
def test_later_batches_still_find_roster_members_and_repeated_cards(cast, monkeypatch):
    """Batches of two rows: on PostgreSQL batch N+1 is checked on the probe connection while
    batch N is written; a member already on the roster (another union's) is still a transfer,
    and a card number given twice in the file is refused in the later batch."""
    from gonghui.core.imports.services import committing

    from .helpers import add_member
    from .test_import import ident

    monkeypatch.setattr(committing, "BATCH", 2)
    other = add_member(cast.chair_b, cast.union_b, name="乙会员", id_number=ident(20))
    rows = "".join(
        [
            f"甲一,{ident(31)},男,,2020-01-05,GH-CARD-1\n",
            f"甲二,{ident(32)},男,,2020-01-05,\n",
            f"甲三,{ident(33)},男,,2020-01-05,\n",
            f"乙会员,{ident(20)},男,,2020-01-05,\n",
            f"甲五,{ident(35)},男,,2020-01-05,GH-CARD-1\n",
        ]
    )
    data = ("名册\n姓名,身份证号,性别,手机号,入会日期,会员证号\n" + rows).encode()
    upload = SimpleUploadedFile("roster.csv", data, content_type="text/csv")
    job = _run(cast, upload, mode="valid")
    assert job.status == ImportJob.Status.DONE, job.message
    assert job.result["counts"] == {"新增": 3, "会籍接转申请": 1}
    assert [(i["row"], i["column"]) for i in job.issues if i["level"] == "error"] == [
        (7, "会员证号")
    ]
    with scopes_disabled():
        assert Member.unscoped.get(pk=other.pk).org == cast.union_b
        created = Member.unscoped.filter(org=cast.union_a, name__startswith="甲")
        assert created.count() == 3
        # ids reserved on the probe connection while a batch was in flight: all distinct, each
        # member with its own join event
        joined = MembershipEvent.objects.filter(member__in=created, kind="join")
        assert sorted(joined.values_list("member_id", flat=True)) == sorted(
            created.values_list("pk", flat=True)
        )
