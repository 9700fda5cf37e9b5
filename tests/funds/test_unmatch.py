"""Undoing a wrong match of an unknown payer: the posted lines are reversed at every level,
the remembered match is forgotten, the lines wait again and can be matched to the right
employer; the undo is audited and reachable from the pages."""

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from gonghui.core.models import AuditEvent
from gonghui.funds.enums import Account, EntryKind, LineStatus
from gonghui.funds.models import Balance, Entry, PayerAlias, Posting, StatementLine
from gonghui.funds.services import remittances
from tests.conftest import acting
from tests.funds import factories as f

pytestmark = pytest.mark.django_db


def bank(org):
    row = Balance.unscoped.filter(org=org, account=Account.BANK).first()
    return row.amount if row else Decimal("0.00")


def _wrongly_matched(cast):
    f.rules(cast)
    f.import_lines(cast, [f.line("乙物流（代缴）", "200"), f.line("乙物流（代缴）", "300")])
    first = StatementLine.unscoped.filter(payer_name="乙物流（代缴）").first()
    with acting(cast.district_admin):  # wrong: the payer is union B's employer
        remittances.match_payer(actor=cast.district_admin, line=first, employer=cast.employer_a)
    assert bank(cast.union_a) == Decimal("300.00")
    return PayerAlias.unscoped.get()


def test_unmatch_reverses_forgets_and_the_payer_can_be_matched_again(cast):
    alias = _wrongly_matched(cast)
    with acting(cast.district_admin):
        n = remittances.unmatch_payer(actor=cast.district_admin, alias=alias, reason="匹配错了")
    assert n == 2
    assert bank(cast.union_a) == Decimal("0.00")
    assert bank(cast.street) == Decimal("0.00") and bank(cast.district) == Decimal("0.00")
    assert not PayerAlias.unscoped.exists()
    assert set(StatementLine.unscoped.values_list("status", "employer")) == {
        (LineStatus.REVERSED, None)
    }
    assert Entry.unscoped.filter(kind=EntryKind.REVERSAL).count() == 2
    for entry in Entry.unscoped.all():  # every entry, reversal or not, still balances
        assert sum(Posting.unscoped.filter(entry=entry).values_list("amount", flat=True)) == 0
    event = AuditEvent.objects.get(action="funds.payer.unmatch")
    assert event.extra["lines"] == 2 and event.extra["reason"] == "匹配错了"
    # the next statement lists the payer as unknown again
    assert f.import_lines(cast, [f.line("乙物流（代缴）", "50")])["待匹配"] == 1
    line = StatementLine.unscoped.filter(payer_name="乙物流（代缴）").first()
    with acting(cast.district_admin):
        assert (
            remittances.match_payer(actor=cast.district_admin, line=line, employer=cast.employer_b)
            == 3
        )
    assert bank(cast.union_b) == Decimal("330.00") and bank(cast.union_a) == Decimal("0.00")


def test_unmatch_needs_a_reason_and_the_permission(cast):
    alias = _wrongly_matched(cast)
    with acting(cast.district_admin), pytest.raises(ValidationError):
        remittances.unmatch_payer(actor=cast.district_admin, alias=alias, reason=" ")
    with acting(cast.staff_a), pytest.raises(PermissionDenied):
        remittances.unmatch_payer(actor=cast.staff_a, alias=alias, reason="x")
    assert PayerAlias.unscoped.exists() and bank(cast.union_a) == Decimal("300.00")


def test_unmatch_is_reachable_from_the_unmatched_page(cast, login):
    alias = _wrongly_matched(cast)
    client = login(cast.district_admin)
    page = client.get(reverse("funds:unmatched")).content.decode()
    assert reverse("funds:matches") in page
    listing = client.get(reverse("funds:matches")).content.decode()
    assert reverse("funds:unmatch", args=[alias.pk]) in listing and "乙物流（代缴）" in listing
    response = client.post(reverse("funds:unmatch", args=[alias.pk]), {"reason": "匹配错了"})
    assert response.status_code == 302
    assert not PayerAlias.unscoped.exists() and bank(cast.union_a) == Decimal("0.00")
