"""Finding 3: text starting with = + - @ tab or CR must reach every export as text, never as a
live formula. The test seeds each export with union A's sample records (the URL-scoping test's
samples), prefixes every free-text value that carries union A's marker with a formula, and reads
every cell of every export back."""

import io

import openpyxl
import pytest
from django.apps import apps
from django.db import models, transaction
from django.db.models import F, Value
from django.db.models.functions import Concat
from django.urls import reverse

from gonghui.core import exports
from gonghui.core.fields import BlindIndexField, EncryptedTextField
from tests.test_url_scoping import ROUTES, SAMPLES

POISON = '=HYPERLINK("//x.example")&'

# route name -> (samples that create its records, query string, must the poison show up?)
EXPORTS = {
    "rights:export": (["rights:detail"], "", True),
    "assistance:file_export": (["assistance:file"], "", True),
    "innovation:export": (["innovation:detail"], "", True),
    "members:export": (["members:detail"], "", True),
    "members:stats_export": (["members:detail"], "", False),
    "workplace:contracts": (["workplace:contract"], "?export=xlsx", True),
    "workplace:disclosures": (["workplace:disclosure"], "?export=xlsx", True),
    "workplace:commitments": (["workplace:commitment"], "?export=xlsx", True),
    "workplace:compliance": (["workplace:disclosure"], "?export=xlsx", False),
    "honours:export": ([], "", True),
    "contests:export": ([], "", True),
    "contests:import_template": ([], "", False),
    "assemblies:vote_record": ([], "", True),
    "reports:export": ([], "", True),
    "reports:annual_export": ([], "", False),
    "reports:filing_export": ([], "", False),
    "imports:errors": ([], "", True),
    "imports:template": ([], "", False),
    "portal:officials_export": (["portal:official_link"], "", True),
    "life:activity_export": ([], "", False),  # the sample activity has no sign-ups yet
    "life:survey_export": ([], "", True),
    # Audit rows refuse the poisoning update: tests/core/test_audit_log.py poisons its own.
    "core:audit_export": ([], "", False),
    "organising:employers_export": (["organising:employer"], "", True),
    "funds:arrears_export": (["funds:employer_edit"], "", True),
    "funds:reconcile_export": (["funds:match"], "", True),
    "funds:report_xlsx": (["funds:expense"], "?year=2026", True),
    "life:course_export": ([], "", True),  # the sample course has a marked learner
    "life:learning_export": (["life:learning_member"], "", True),
}


def _poisoned_import_job(cast):
    """An org import whose only row is invalid (unknown org type) and carries the poison."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    from gonghui.core.imports import services
    from tests.conftest import acting

    csv = f"上级组织代码,组织代码,组织名称,组织类型\nA,A9,{POISON}甲工会小组,不存在的类型\n"
    with acting(cast.chair_a) as assignment:
        job = services.start_import(
            actor=cast.chair_a,
            assignment=assignment,
            importer_key="orgs",
            org=cast.union_a,
            upload=SimpleUploadedFile("甲工会.csv", csv.encode()),
        )
    return {"job_id": job.id}


KWARGS = {"imports:errors": _poisoned_import_job}


def _poison_marked_text():
    """Prefix every plain text value containing union A's marker with a formula."""
    for model in apps.get_models():
        if not model.__module__.startswith("gonghui."):
            continue
        manager = getattr(model, "unscoped", model._base_manager)
        for field in model._meta.concrete_fields:
            if not isinstance(field, models.CharField | models.TextField):
                continue
            if isinstance(field, EncryptedTextField | BlindIndexField) or field.choices:
                continue
            if field.primary_key or field.unique or field.name.endswith("path"):
                continue
            try:
                with transaction.atomic():
                    manager.filter(**{f"{field.name}__contains": "甲"}).update(
                        **{field.name: Concat(Value(POISON), F(field.name))}
                    )
            except Exception:  # noqa: S112  (audit rows refuse updates; others may be too short)
                continue


def _cells(content):
    book = openpyxl.load_workbook(io.BytesIO(content))
    for sheet in book.worksheets:
        for row in sheet.iter_rows():
            yield from row


def _content(response):
    if getattr(response, "streaming", False):
        return b"".join(response.streaming_content)
    return response.content


def test_every_export_route_is_walked():
    names = {
        name
        for name, pattern in ROUTES
        if "export" in name or str(pattern.pattern).endswith(".xlsx")
    }
    names -= {"workplace:contract_pdf"}
    assert names <= set(EXPORTS), f"export routes not walked: {sorted(names - set(EXPORTS))}"


@pytest.mark.django_db
@pytest.mark.parametrize("name", sorted(EXPORTS))
def test_export_writes_formula_text_as_text(name, cast, login):
    seeds, query, must_show = EXPORTS[name]
    for seed in seeds:
        SAMPLES[seed](cast)
    pattern = dict(ROUTES)[name]
    wanted = set(pattern.pattern.regex.groupindex)
    kwargs = (
        (KWARGS.get(name) or SAMPLES[name])(cast)
        if wanted - {"code"}
        else ({"code": cast.union_a.code} if wanted else {})
    )
    _poison_marked_text()
    url = reverse(name, kwargs=kwargs) + query
    response = login(cast.district_admin).get(url)
    if response.status_code == 403:
        response = login(cast.chair_a).get(url)
    assert response.status_code == 200, f"{url}: {response.status_code}"
    cells = list(_cells(_content(response)))
    formulas = [c.coordinate for c in cells if c.data_type == "f"]
    assert formulas == [], f"{url} wrote live formulas at {formulas}"
    if must_show:
        texts = [c.value for c in cells if isinstance(c.value, str) and POISON in c.value]
        assert texts, f"{url} exported no poisoned record: the walk proves nothing"


def test_workbook_options_cannot_turn_the_guard_off():
    buffer = io.BytesIO()
    book = exports.workbook(buffer, strings_to_formulas=True, strings_to_urls=True)
    sheet = book.add_worksheet("x")
    sheet.write(0, 0, "=1+1")
    sheet.write(0, 1, "https://x.example/")
    book.close()
    cells = list(_cells(buffer.getvalue()))
    assert [(c.value, c.data_type, c.hyperlink) for c in cells] == [
        ("=1+1", "s", None),
        ("https://x.example/", "s", None),
    ]


@pytest.mark.parametrize("value", ["=1+1", "+1", "-1+2", "@SUM(A1)", "\t=1", "\r=1"])
def test_csv_writer_neutralises_formula_starts(value):
    stream = io.StringIO()
    exports.csv_writer(stream).writerow([value, "甲工会", 12])
    first = stream.getvalue().split(",")[0].strip('"')
    assert first.startswith("'")
    assert stream.getvalue().endswith(",甲工会,12\r\n")
