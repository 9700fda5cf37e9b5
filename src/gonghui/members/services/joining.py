"""Online joining (入会申请): the public form's submission, approval and rejection."""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from gonghui.core import audit, config, notify, ratelimit
from gonghui.core.fields import blind_index_for
from gonghui.core.scoping import require_perm
from gonghui.core.text.phones import normalize_phone as check_phone
from gonghui.orgs.models import GRASSROOTS_KINDS

from ..models import (
    APPROVED_NOTE,
    ApplicationStatus,
    JoinApplication,
)
from ._common import _raise, check_identity, find_member_by_id_number
from .members import create_member

# --- online joining (入会申请) ------------------------------------------------------------------

CONSENT_VERSION = "2025-01"


def _rate_limited(client_key):
    """Applications per client address per hour, in the shared cache (core.ratelimit)."""
    return not ratelimit.hit(
        "public:members-join",
        client_key,
        limit=config.get("members.join_rate_limit"),
        window=ratelimit.PUBLIC_WINDOW,
    )


@transaction.atomic
def submit_application(
    *, org, name, id_number, phone, employer_name, employment_form, consent, client_key
):
    """A worker applies on the public joining page. Returns the application.

    A repeat of a pending application (same person, same union) returns the pending one and
    stores nothing new; a person already on the roster is flagged for staff (the public page
    says nothing about who is a member). Effects: the application, an audit event.
    """
    if _rate_limited(client_key):
        raise ValidationError(
            _("提交过于频繁，请一小时后再试（{describe}）").format(
                describe=config.describe("members.join_rate_limit")
            )
        )
    if not org.is_active or org.kind not in GRASSROOTS_KINDS:
        raise Http404
    if not consent:
        raise ValidationError({"consent": _("请阅读并同意个人信息处理告知书")})
    check, errors, _w = check_identity(id_number, join_date=datetime.date.today())
    phone_value, phone_error = check_phone(phone)
    if phone_error:
        errors.append(("phone", phone_error))
    if not (name or "").strip():
        errors.append(("name", _("请填写姓名")))
    if not (employer_name or "").strip():
        errors.append(("employer_name", _("请填写工作单位")))
    _raise([(f, m.replace(_("入会时"), _("申请时"))) for f, m in errors])
    index = blind_index_for(JoinApplication, "id_number", check.value)
    pending = JoinApplication.unscoped.filter(
        org=org, id_number_index=index, status=ApplicationStatus.PENDING
    ).first()
    if pending is not None:
        return pending
    application = JoinApplication.unscoped.create(
        org=org,
        name=name.strip(),
        id_number=check.value,
        phone=phone_value,
        employer_name=employer_name.strip(),
        employment_form=employment_form,
        consent_at=timezone.now(),
        consent_version=CONSENT_VERSION,
        already_member=find_member_by_id_number(check.value) is not None,
    )
    audit.record(None, "members.application.submit", application)
    return application


notify.register_template(
    "members.application_approved",
    "【{sign}】您的入会申请已通过，欢迎加入{union}。激活会员账号后可在手机上查看电子会员证：{url}",
)
notify.register_template(
    "members.application_rejected",
    "【{sign}】您申请加入{union}的入会申请未获批准，理由：{reason}。如有疑问请联系该工会。",
)


def _tell_applicant(application, template_key, **params):
    """Text the applicant the decision (sent after commit; nothing if rolled back). The message
    names the union and, for a refusal, the reason, nothing about the person."""
    if not application.phone:
        return
    org = application.org
    params = {"sign": org.get_root().name, "union": org.name, **params}
    notify.send_sms(application.phone, template_key, params, related=application)


@transaction.atomic
def approve_application(*, actor, application, employer=None, join_date=None):
    """Staff approve: the member is created from the application. Refused for a person
    already on the roster (a transfer is the way for them)."""
    require_perm("members.review_application")
    application = JoinApplication.objects.select_for_update().get(pk=application.pk)
    if application.status != ApplicationStatus.PENDING:
        raise ValidationError(_("该申请已处理"))
    if find_member_by_id_number(application.id_number) is not None:
        raise ValidationError(
            _("该申请人已是会员（可能在其他工会），不能重复入会；如需转会请办理会籍接转")
        )
    member = create_member(
        actor=actor,
        org=application.org,
        name=application.name,
        id_number=application.id_number,
        phone=application.phone,
        employment_form=application.employment_form,
        employer=employer,
        join_date=join_date,
        note=APPROVED_NOTE,  # worded when read (MembershipEvent.note_text)
    )
    application.status = ApplicationStatus.APPROVED
    application.member = member
    application.decided_by = actor
    application.decided_at = timezone.now()
    application.save()
    audit.record(actor, "members.application.approve", application, extra={"member": member.pk})
    _tell_applicant(
        application, "members.application_approved", url=notify.site_url(reverse("portal:activate"))
    )
    return application


@transaction.atomic
def reject_application(*, actor, application, reason):
    """Staff reject with a reason."""
    require_perm("members.review_application")
    application = JoinApplication.objects.select_for_update().get(pk=application.pk)
    if application.status != ApplicationStatus.PENDING:
        raise ValidationError(_("该申请已处理"))
    if not reason.strip():
        raise ValidationError({"reason": _("请填写不予批准的理由")})
    application.status = ApplicationStatus.REJECTED
    application.decision_reason = reason.strip()[:300]
    application.decided_by = actor
    application.decided_at = timezone.now()
    application.save()
    audit.record(actor, "members.application.reject", application, extra={"reason": reason})
    _tell_applicant(application, "members.application_rejected", reason=application.decision_reason)
    return application
