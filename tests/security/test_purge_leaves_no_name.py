"""Finding 8: audit rows keep no personal name (type and id; the name is shown live while the
record exists), and the assistance purge also clears free-text payment notes."""

import datetime

import pytest

from gonghui.core import audit
from gonghui.core.models import AuditEvent
from gonghui.members.models import Member
from tests.assistance.test_retention import closed  # noqa: F401  (fixture)
from tests.members.helpers import new_id

pytestmark = pytest.mark.django_db


def test_audit_rows_of_personal_records_keep_no_name(cast, login):
    member = Member.unscoped.create(
        org=cast.union_a,
        name="甲会员张三",
        gender="M",
        birth_date=datetime.date(1990, 3, 7),
        id_number=new_id(),
        phone="13800000004",
        join_date=datetime.date(2020, 1, 1),
        card_number="A-000010",
    )
    event = audit.record(cast.chair_a, "members.member.change", member)
    event.refresh_from_db()
    assert (event.object_type, event.object_id, event.object_repr) == (
        "members.member",
        str(member.pk),
        "",
    )
    page = login(cast.district_admin).get("/audit/").content.decode()
    assert "甲会员张三" in page  # shown live while the member exists
    Member.unscoped.filter(pk=member.pk).delete()
    page = login(cast.district_admin).get("/audit/").content.decode()
    assert "甲会员张三" not in page
    # the event still names what it was about: the object's type in words and its number
    table = page.split('id="audit-events"', 1)[1].split("</table>", 1)[0]
    assert "会员" in table and f">{member.pk}</a>" in table
    assert not AuditEvent.unscoped.filter(object_repr__contains="张三").exists()


def test_non_personal_objects_keep_their_name(cast):
    event = audit.record(cast.district_admin, "orgs.org.change", cast.union_b)
    event.refresh_from_db()
    assert event.object_repr == "乙公司工会"


@pytest.mark.usefixtures("closed")
def test_purge_clears_free_text_payment_notes(cast, django_capture_on_commit_callbacks):
    # Notes as a payer writes them (payments are append-only: written at creation).
    from django.db import connection
    from django.db.models import QuerySet

    from gonghui.assistance import retention
    from gonghui.assistance.models import Payment
    from tests.assistance.test_retention import KEEP

    with connection.cursor() as cursor:  # the trigger (PostgreSQL) blocks even this set-up
        if connection.vendor == "postgresql":
            cursor.execute("SET session_replication_role = replica")
        QuerySet(Payment).update(note="现金交给甲会员本人，电话13800000005")
        if connection.vendor == "postgresql":
            cursor.execute("SET session_replication_role = DEFAULT")
    amounts = sorted(Payment.objects.values_list("amount", flat=True))
    with django_capture_on_commit_callbacks(execute=True):
        totals = retention.purge_due(today=KEEP + datetime.timedelta(days=1))
    assert totals["payment_notes_cleared"] == 2
    # Any other edit of a payment is still refused.
    with pytest.raises(PermissionError):
        Payment.objects.update(note="x")
    assert list(Payment.objects.values_list("note", flat=True)) == ["", ""]
    assert sorted(Payment.objects.values_list("amount", flat=True)) == amounts
    event = AuditEvent.unscoped.get(action="assistance.file.purge")
    assert event.object_repr == ""
    assert (
        not AuditEvent.unscoped.filter(object_repr__contains="甲")
        .filter(object_type="assistance.hardshipfile")
        .exists()
    )
