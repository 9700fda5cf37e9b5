"""Sample objects of union A for the URL scoping test (core, imports and orgs routes)."""

import io

from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile

from tests.conftest import acting


def _job(cast):
    from gonghui.core.imports import services

    csv = "上级组织代码,组织代码,组织名称,组织类型\nA,A9,甲工会新小组,工会小组/分会\n".encode()
    with acting(cast.chair_a) as assignment:
        return services.start_import(
            actor=cast.chair_a,
            assignment=assignment,
            importer_key="orgs",
            org=cast.union_a,
            upload=SimpleUploadedFile("甲工会.csv", csv),
        )


def _file(cast):
    from gonghui.core.models import GeneratedFile

    generated = GeneratedFile(
        org=cast.union_a,
        created_by=cast.chair_a,
        name="甲工会.xlsx",
        content_type="application/octet-stream",
    )
    generated.file.save("x.xlsx", ContentFile(io.BytesIO(b"x").getvalue()), save=False)
    generated.save()
    return generated


def _token(cast):
    from gonghui.core import tokens

    token, _raw = tokens.create_token(
        actor=cast.chair_a, assignment=cast.chair_a_assignment, name="甲工会"
    )
    return token


def _member(cast):
    import datetime

    from gonghui.members.models import Member

    return Member.unscoped.create(
        org=cast.union_a,
        name="甲工会会员",
        gender="M",
        birth_date=datetime.date(1990, 1, 1),
        id_number="11010519491231002X",
        phone="13800000001",
        join_date=datetime.date(2020, 1, 1),
        card_number="A-000001",
    )


def _term(cast):
    import datetime

    from gonghui.orgs.models import Term

    return Term.unscoped.create(
        org=cast.union_a,
        kind="committee",
        start_date=datetime.date(2024, 1, 1),
        end_date=datetime.date(2027, 1, 1),
    )


def _sms(cast):
    from gonghui.core.models import SmsMessage

    return SmsMessage.unscoped.create(
        org=cast.union_a,
        org_path=cast.union_a.path,
        phone="13800000001",
        template_key="甲工会",
        status="failed",
    )


def _totp_request(cast):
    from gonghui.core.models import TotpResetRequest

    return TotpResetRequest.objects.create(user=cast.staff_a, requested_by=cast.district_admin)


SAMPLES = {
    "orgs:employer_edit": lambda cast: {"pk": cast.employer_a.pk},
    "orgs:official_add": lambda cast: {"pk": _term(cast).pk},
    "core:token_revoke": lambda cast: {"pk": _token(cast).pk},
    "core:outbox_retry": lambda cast: {"pk": _sms(cast).pk},
    "core:reveal": lambda cast: {
        "model_label": "members.member",
        "pk": _member(cast).pk,
        "field": "id_number",
    },
    "imports:job": lambda cast: {"job_id": _job(cast).id},
    "imports:map": lambda cast: {"job_id": _job(cast).id},
    "imports:progress": lambda cast: {"job_id": _job(cast).id},
    "imports:fix": lambda cast: {"job_id": _job(cast).id, "row": 2},
    "imports:commit": lambda cast: {"job_id": _job(cast).id},
    "imports:values": lambda cast: {"job_id": _job(cast).id},
    "imports:conflicts": lambda cast: {"job_id": _job(cast).id},
    "imports:retry": lambda cast: {"job_id": _job(cast).id},
    "imports:errors": lambda cast: {"job_id": _job(cast).id},
    "imports:file": lambda cast: {"file_id": _file(cast).id},
    "core:user_detail": lambda cast: {"pk": cast.staff_a.pk},
    "core:password_reset": lambda cast: {"pk": cast.staff_a.pk},
    "core:role_revoke": lambda cast: {"pk": cast.staff_a_assignment.pk},
    "core:totp_reset_request": lambda cast: {"pk": cast.staff_a.pk},
    "core:totp_reset_confirm": lambda cast: {"pk": _totp_request(cast).pk},
    "core:totp_reset_cancel": lambda cast: {"pk": _totp_request(cast).pk},
    # Arguments that name no union-owned object (a setting, an importer): checked for login only.
    "core:setting_edit": lambda cast: {"key": "orgs.term_warning_days"},
    "core:todo": lambda cast: {"key": "orgs-terms-expiring"},
    "imports:start": lambda cast: {"key": "orgs"},
    "imports:template": lambda cast: {"key": "orgs"},
}
NOT_UNION_OWNED = {"core:setting_edit", "imports:start", "imports:template", "core:todo"}

API_SAMPLES = {
    "/api/v1/orgs/employers/{employer_id}": lambda cast: {"employer_id": cast.employer_a.pk},
}

PUBLIC_ROUTES = {"core:login", "core:logout", "core:set_language", "core:health"}
