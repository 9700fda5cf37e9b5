"""Aid from outside (civil-affairs grants and other aid a union records)."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from gonghui.core import audit
from gonghui.core.scoping import org_in_scope, require_perm
from gonghui.core.text.idnumbers import check_id_number

from ._common import parse_amount

# --- outside aid (civil-affairs grants and other aid a union records) -----------------------


@transaction.atomic
def record_external_aid(
    *, actor, org, person_name, id_number, source, amount, granted_on, note="", audit_it=True
):
    """Record aid a person received from outside the union (e.g. a civil-affairs grant), so
    the duplicate-aid checks see it. The ID number is checked; the same person, source, date
    and amount twice is refused."""
    require_perm("assistance.record_external_aid")
    if not org_in_scope(org):
        raise PermissionDenied
    check = check_id_number(id_number)
    if not check.ok:
        raise ValidationError({"id_number": check.errors[0]})
    if not person_name.strip():
        raise ValidationError({"person_name": _("请填写姓名")})
    if not source.strip():
        raise ValidationError({"source": _("请填写资助来源")})
    amount = parse_amount(amount, "amount")
    from gonghui.core.fields import blind_index_for

    from ..models import ExternalAid

    if ExternalAid.unscoped.filter(  # unscoped: outside aid is matched across the district (duplicate check)
        id_number_index=blind_index_for(ExternalAid, "id_number", check.value),
        source=source.strip(),
        granted_on=granted_on,
        amount=amount,
    ).exists():
        raise ValidationError(_("该笔外部救助已登记"))
    row = ExternalAid.objects.create(
        org=org,
        person_name=person_name.strip(),
        id_number=check.value,
        year=granted_on.year,
        source=source.strip(),
        amount=amount,
        granted_on=granted_on,
        note=note.strip(),
        created_by=actor,
    )
    if audit_it:
        audit.record(actor, "assistance.external_aid.record", row, extra={"source": row.source})
    return row
