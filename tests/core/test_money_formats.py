"""Amounts of 1,000 or more where the demo has none: shown grouped as money everywhere
(``floatformat:"2g"``, docs/developing.md), rates in one shape; money columns of the workbooks
numeric cells formatted ``#,##0.00``, never text.

The pages are read with the demo-pages test's own check (``UNGROUPED_MONEY``), in both
languages."""

import datetime
import io
from decimal import Decimal

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from tests.conftest import acting
from tests.core.test_demo_pages import UNGROUPED_MONEY, _Text

pytestmark = pytest.mark.django_db

LANGUAGES = ("zh-hans", "en")
MONEY = "#,##0.00"


def _read(client, url, language):
    response = client.get(url, HTTP_ACCEPT_LANGUAGE=language)
    assert response.status_code == 200
    parser = _Text(language)
    parser.feed(response.content.decode())
    return parser.parts


def _ungrouped(parts):
    return [text for text in parts if UNGROUPED_MONEY.search(text)]


def _sheet(content):
    return load_workbook(io.BytesIO(content)).worksheets[0]


def test_the_check_finds_ungrouped_money_and_passes_grouped():
    raw = ["¥12500.00", "12500.00 元", "共 2500 元", "Amount：2680.00", "1250000 yuan", "486000.00"]
    assert _ungrouped(raw) == raw
    shown = ["¥12,500.00", "12,500.00 元", "¥980.00", "2026 年", "2026-03-15", "工资 ≤ 3,000.00 元",
             "v12", "35.7%", "HP0101"]  # fmt: skip
    assert _ungrouped(shown) == []


def test_dues_bands_read_as_money(cast, login):
    from gonghui.funds.services import dues

    with acting(cast.chair_a):
        dues.set_dues_rate(actor=cast.chair_a, org=cast.union_a, rate_pct=Decimal("0.5"),
                           bands_text="3000 0.2\n12000 0.35", valid_from=datetime.date(2026, 1, 1))  # fmt: skip
    client = login(cast.chair_a)
    for language in LANGUAGES:
        parts = _read(client, reverse("funds:dues"), language)
        assert _ungrouped(parts) == [], language
        text = " ".join(parts)
        assert (
            "3,000.00" in text and "12,000.00" in text and "0.35%" in text
        )  # the dues roll's shape for rates (test_dues_rates_read_alike_on_every_page)


def test_rate_filter_drops_trailing_zeros_but_keeps_two_decimals():
    from gonghui.core.templatetags.gonghui import rate

    shown = [rate(v) for v in (Decimal("0.500"), Decimal("0.5"), 2, "2", Decimal("0.375"),
                               Decimal("1.250"), Decimal("100"), "0.35", 0.2, None)]  # fmt: skip
    assert shown == ["0.50", "0.50", "2.00", "2.00", "0.375", "1.25", "100.00", "0.35", "0.20", "—"]


def test_dues_rates_read_alike_on_every_page(cast, login):
    """The union's rate, its bands, the default rate, a roll's lines and the funds rate: one
    shape (``|rate``), never 0.500% on one page and 0.50% on the next."""
    from gonghui.funds.services import dues
    from tests.life.factories import make_member

    client = login(cast.chair_a)
    default = " ".join(_read(client, reverse("funds:dues"), "zh-hans"))
    member = make_member(cast.union_a, "甲会费", login=False)
    with acting(cast.chair_a):
        dues.set_dues_rate(actor=cast.chair_a, org=cast.union_a, rate_pct=Decimal("0.5"),
                           bands_text="3000 0.375", valid_from=datetime.date(2026, 1, 1))  # fmt: skip
        dues.set_dues_base(actor=cast.chair_a, member=member, wage=Decimal("8000"))
        roll, _n = dues.generate_roll(actor=cast.chair_a, org=cast.union_a,
                                      month=datetime.date(2026, 3, 1))  # fmt: skip
    own = " ".join(_read(client, reverse("funds:dues"), "zh-hans"))
    lines = _read(client, reverse("funds:dues_roll", args=[roll.pk]), "zh-hans")
    employers = " ".join(_read(login(cast.district_admin), reverse("funds:employers"), "zh-hans"))
    assert "按默认比例 0.50%" in default
    assert "本会会费比例 0.50%" in own and "按 0.375%" in own
    assert "0.50%" in lines
    assert "× 2.00%" in employers
    assert "0.500" not in " ".join([default, own, *lines, employers])


def test_commitment_targets_grouped(cast, login):
    from gonghui.workplace import services
    from tests.workplace.test_commitment_tracking import commitment

    jc = commitment(cast)
    with acting(cast.chair_a):
        target = services.add_target(actor=cast.chair_a, commitment=jc, name="职工工资总额",
                                     target_value="1250000", unit="元")  # fmt: skip
        services.record_target_progress(actor=cast.chair_a, target=target, actual_value="987654.5")
    client = login(cast.chair_a)
    for language in LANGUAGES:
        parts = _read(client, reverse("workplace:commitment", args=[jc.pk]), language)
        assert _ungrouped(parts) == [], language
        text = " ".join(parts)
        assert "1,250,000" in text and "987,654.5" in text and "79.0%" in text


def test_hardship_file_export_writes_the_dibao_standard_as_money(cast):
    from gonghui.assistance.exporters import DIBAO_COLUMN, files_workbook
    from tests.assistance.helpers import draft_file, set_dibao

    set_dibao(cast)
    file = draft_file(cast)
    file.dibao_amount = Decimal("1850.50")
    cell = _sheet(files_workbook([file], full=False)).cell(row=2, column=DIBAO_COLUMN + 1)
    assert (cell.value, cell.number_format) == (1850.5, MONEY)


def test_request_export_writes_the_amount_claimed_as_money(cast, login):
    from gonghui.rights.models import WorkerRequest
    from tests.rights.helpers import file_request

    request, _code = file_request(cast)
    WorkerRequest.unscoped.filter(pk=request.pk).update(amount_claimed=Decimal("486000.00"))
    sheet = _sheet(login(cast.chair_a).get(reverse("rights:export")).content)
    assert sheet.cell(row=1, column=7).value == "涉及金额"
    cell = sheet.cell(row=2, column=7)
    assert (cell.value, cell.number_format) == (486000, MONEY)


def test_workplace_exports_format_the_columns_they_are_told_hold_money():
    from gonghui.workplace.exporters import MONEY as WORKPLACE_MONEY
    from gonghui.workplace.exporters import xlsx_response

    response = xlsx_response("x.xlsx", "s", ["工资增幅%", "企业最低工资", "签字日"],
                             [[Decimal("5.50"), Decimal("2680.00"), datetime.date(2026, 3, 1)],
                              [None, None, None]], number_formats={0: "0.00", 1: WORKPLACE_MONEY})  # fmt: skip
    sheet = _sheet(response.content)
    growth, wage, signed = (sheet.cell(row=2, column=c) for c in (1, 2, 3))
    assert (growth.value, growth.number_format) == (5.5, "0.00")
    assert (wage.value, wage.number_format) == (2680, MONEY)
    assert signed.number_format == "yyyy-mm-dd"
    assert sheet.cell(row=3, column=2).value is None


def test_member_statistics_export_writes_numbers_not_text(cast, login):
    sheet = _sheet(login(cast.chair_a).get(reverse("members:stats_export")).content)
    rows = {row[0].value: row[1] for row in sheet.iter_rows() if row[0].value}
    rate = rows["入会率 %"]
    assert rate.value == "—" or (
        isinstance(rate.value, (int, float)) and rate.number_format == "0.0"
    )
    assert isinstance(rows["会员数（保留会籍）"].value, int)


def test_setting_amounts_read_grouped():
    """A setting in yuan (the yearly aid cap, 20000) reads as the amounts beside it do."""
    from django.utils import translation

    from gonghui.core.config import display

    for language in LANGUAGES:
        with translation.override(language):
            shown = [display(Decimal(v)) for v in ("20000", "0.30", "1708.10000", "1.5", "-1234.5")]
            assert shown == ["20,000", "0.30", "1,708.10", "1.5", "-1,234.5"]
            assert display(2026) == "2026"  # whole numbers (years, counts) stay as they are
