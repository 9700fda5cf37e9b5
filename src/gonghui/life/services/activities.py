"""Writes on activities: organise, sign up (quota, waiting list moving up), cancel before the
cut-off, check in by the rotating QR or the member card, hours, summary and photos.

Sign-up and cancellation lock the activity row (``SELECT ... FOR UPDATE``), so concurrent
sign-ups for the last places are counted one after another: exactly ``quota`` are confirmed and
the rest wait in the order they arrived."""

import hashlib
import hmac
import os

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from gonghui.core import audit, config, notify
from gonghui.core.scoping import current_scope, require_perm
from gonghui.core.text.punctuation import joined

from .. import conf  # noqa: F401  (settings)
from ..eligibility import in_reach, reasons_not_eligible
from ..enums import ActivityStatus, AgeBand, CheckinMethod, Eligibility, SignupStatus
from ..members import member_of
from ..models import Activity, ActivityPhoto, Signup
from ._common import require_organiser, save_status, taking_part

PHOTO_SIGNATURES = {".jpg": b"\xff\xd8\xff", ".jpeg": b"\xff\xd8\xff", ".png": b"\x89PNG\r\n\x1a\n"}
MAX_PHOTO_BYTES = 10 * 1024 * 1024

notify.register_template(
    "life.signup_promoted",
    "【{sign}】您报名的活动《{title}》已由候补转为正式报名，活动时间{when}，地点{place}。",
)


def _check_times(starts_at, ends_at, signup_deadline, cancel_cutoff):
    errors = {}
    if ends_at < starts_at:
        errors["ends_at"] = _("结束时间不能早于开始时间")
    if signup_deadline > starts_at:
        errors["signup_deadline"] = _("报名截止不能晚于活动开始")
    if cancel_cutoff > starts_at:
        errors["cancel_cutoff"] = _("取消报名截止不能晚于活动开始")
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def create_activity(
    *,
    actor,
    org,
    title,
    kind,
    place,
    starts_at,
    ends_at,
    signup_deadline,
    cancel_cutoff,
    quota,
    hours,
    eligibility=Eligibility.SUBTREE,
    description="",
    **filters,
):
    """An activity of the scope's own union, open for sign-up; ``filters`` are the member
    filters (see ``member_filters``). Effects: the row; an audit event."""
    require_perm("life.manage_activity")
    # An activity is organised in the name of the level that runs it.
    if org.pk != current_scope().org_id:
        raise PermissionDenied(_("只能以本级工会的名义组织活动"))
    if not title.strip():
        raise ValidationError({"title": _("请填写活动名称")})
    if quota < 1:
        raise ValidationError({"quota": _("名额至少为 1")})
    if hours < 0:
        raise ValidationError({"hours": _("时长不能为负数")})
    _check_times(starts_at, ends_at, signup_deadline, cancel_cutoff)
    activity = Activity.objects.create(
        org=org, title=title.strip(), kind=kind, description=description.strip(), place=place,
        starts_at=starts_at, ends_at=ends_at, signup_deadline=signup_deadline,
        cancel_cutoff=cancel_cutoff, quota=quota, hours=hours, eligibility=eligibility,
        created_by=actor, **member_filters(org, **filters),
    )  # fmt: skip
    audit.record(actor, "life.activity.create", activity, extra={"quota": quota})
    return activity


def _manage(activity):
    require_organiser(activity, "life.manage_activity", _("只有主办单位可以管理该活动"))


def member_filters(org, *, target_org=None, filter_gender="", filter_age="", filter_employment=()):
    """The member filters of an activity or course organised by ``org``, checked: the chosen
    union must lie in the organiser's subtree; codes must be known. Returns the model fields."""
    from gonghui.members.models import EmploymentForm, Gender

    errors = {}
    if target_org is not None and not target_org.path.startswith(org.path):
        errors["target_org"] = _("只能限定为本单位或下属工会")
    if filter_gender and filter_gender not in Gender.values:
        errors["filter_gender"] = _("性别限定无效")
    if filter_age and filter_age not in AgeBand.values:
        errors["filter_age"] = _("年龄段限定无效")
    unknown = [c for c in filter_employment if c not in EmploymentForm.values]
    if unknown:
        errors["filter_employment"] = _("用工形式限定无效")
    if errors:
        raise ValidationError(errors)
    codes = sorted(set(filter_employment))
    return {
        "target_org": target_org, "filter_gender": filter_gender or "",
        "filter_age": filter_age or "",
        "filter_employment": f",{','.join(codes)}," if codes else "",
    }  # fmt: skip


def is_eligible(activity, member):
    """Members of the organiser's subtree, or of the organiser itself only (the reach)."""
    return in_reach(activity, member)


def check_member_filters(target, member):
    """Refuse with the reasons when the member does not meet the sign-up conditions."""
    reasons = reasons_not_eligible(target, member)
    if reasons:
        raise ValidationError(_("您不符合报名条件：") + joined(reasons, "semicolon"))


def _locked(activity):
    # unscoped: re-read under lock; the caller found it in scope
    return Activity.unscoped.select_for_update().select_related("org").get(pk=activity.pk)


@transaction.atomic
def sign_up(*, actor, activity, now=None):
    """The logged-in member signs up: confirmed while places remain, otherwise waitlisted
    (in order of arrival). A cancelled sign-up may sign up again, at the end of the queue.
    Effects: the sign-up row; an audit event."""
    member = taking_part(actor)
    now = now or timezone.now()
    activity = _locked(activity)
    if not is_eligible(activity, member):
        raise PermissionDenied(_("您不在该活动的报名范围内"))
    check_member_filters(activity, member)
    if activity.status != ActivityStatus.OPEN:
        raise ValidationError(_("该活动不在报名中"))
    if now > activity.signup_deadline:
        raise ValidationError(_("报名已截止"))
    # unscoped: places taken across all unions the activity reached
    taken = Signup.unscoped.filter(activity=activity, status=SignupStatus.CONFIRMED).count()
    status = SignupStatus.CONFIRMED if taken < activity.quota else SignupStatus.WAITLISTED
    # unscoped: the member's own rows, wherever the activity/course was organised
    signup = Signup.unscoped.filter(activity=activity, member=member).first()
    if signup is not None and signup.status != SignupStatus.CANCELLED:
        raise ValidationError(_("您已报名该活动"))
    if signup is None:
        try:
            with transaction.atomic():
                signup = Signup.objects.create(
                    activity=activity, member=member, org_id=member.org_id, status=status
                )
        except IntegrityError:
            raise ValidationError(_("您已报名该活动")) from None
    else:
        signup.status, signup.signed_at, signup.cancelled_at = status, now, None
        signup.save()
    audit.record(actor, "life.signup.create", activity, extra={"status": status})
    return signup


@transaction.atomic
def cancel_signup(*, actor, signup, now=None):
    """The member cancels before the cut-off; a confirmed place passes to the first waiting
    member, who is told by text. Effects: statuses; audit events; maybe an SMS."""
    require_perm("life.take_part")
    member = member_of(actor)
    now = now or timezone.now()
    # Only the member themselves cancels their sign-up.
    if member is None or signup.member_id != member.pk:
        raise PermissionDenied(_("只能取消本人的报名"))
    activity = _locked(signup.activity)
    # unscoped: re-read under lock; the caller found it in scope
    signup = Signup.unscoped.get(pk=signup.pk)
    if signup.status == SignupStatus.CANCELLED:
        raise ValidationError(_("该报名已取消"))
    if now > activity.cancel_cutoff:
        raise ValidationError(_("已过取消报名截止时间"))
    was_confirmed = signup.status == SignupStatus.CONFIRMED
    signup.status, signup.cancelled_at = SignupStatus.CANCELLED, now
    signup.save()
    audit.record(actor, "life.signup.cancel", activity)
    if was_confirmed:
        _promote_next(activity, now)
    return signup


def _promote_next(activity, now):
    nxt = (
        # unscoped: the waiting list across all unions the activity reached
        Signup.unscoped.filter(activity=activity, status=SignupStatus.WAITLISTED)
        .select_related("member")
        .order_by("signed_at", "id")
        .first()
    )
    if nxt is None:
        return None
    nxt.status, nxt.promoted_at = SignupStatus.CONFIRMED, now
    nxt.save()
    audit.record(None, "life.signup.promote", activity, extra={"signup": nxt.pk})
    if nxt.member.phone:
        notify.send_sms(
            nxt.member.phone,
            "life.signup_promoted",
            {"sign": activity.org.get_root().name, "title": activity.title[:30],
             "when": timezone.localtime(activity.starts_at).strftime(_("%m月%d日 %H:%M")),
             "place": activity.place[:30]},
            related=nxt,
        )  # fmt: skip
    return nxt


def checkin_window(now=None):
    seconds = max(10, int(config.get("life.checkin_qr_seconds")))
    return int((now or timezone.now()).timestamp()) // seconds


def checkin_token(activity, window=None):
    """The activity's check-in code for a time window (it changes every few seconds)."""
    window = checkin_window() if window is None else window
    digest = hmac.new(activity.checkin_secret.encode(), str(window).encode(), hashlib.sha256)
    return digest.hexdigest()[:20]


def _token_valid(activity, token, now):
    # The current code and the one before it (a member scanning as the code changes).
    window = checkin_window(now)
    return any(
        hmac.compare_digest(checkin_token(activity, w), token or "") for w in (window, window - 1)
    )


def _check_in(actor, signup, method, now):
    if signup.status != SignupStatus.CONFIRMED:
        raise ValidationError(_("只有正式报名的会员可以签到"))
    if signup.checked_in_at is not None:
        raise ValidationError(_("已经签到过了"))
    activity = signup.activity
    if activity.status == ActivityStatus.CANCELLED:
        raise ValidationError(_("该活动已取消"))
    signup.checked_in_at, signup.checkin_method, signup.hours = now, method, activity.hours
    signup.save()
    audit.record(actor, "life.signup.check_in", activity, extra={"method": method})
    return signup


@transaction.atomic
def check_in_by_qr(*, actor, activity, token, now=None):
    """The member scanned the activity's current QR code on their phone. Effects: check-in
    time, method, hours credited; an audit event."""
    member = taking_part(actor)
    now = now or timezone.now()
    if not _token_valid(activity, token, now):
        raise ValidationError(_("签到码已过期，请重新扫描现场二维码"))
    # unscoped: re-read under lock; the caller found it in scope
    signup = Signup.unscoped.select_for_update().filter(activity=activity, member=member).first()
    if signup is None:
        raise ValidationError(_("您没有报名该活动"))
    return _check_in(actor, signup, CheckinMethod.QR, now)


@transaction.atomic
def check_in_by_card(*, actor, activity, card_number, now=None):
    """Staff scanned (or typed) the member card number of a confirmed member."""
    _manage(activity)
    signup = (
        # unscoped: re-read under lock; the caller found it in scope
        Signup.unscoped.select_for_update()
        .filter(activity=activity, member__card_number=(card_number or "").strip())
        .first()
    )
    if signup is None:
        raise ValidationError({"card_number": _("该会员证号没有报名本活动")})
    return _check_in(actor, signup, CheckinMethod.CARD, now or timezone.now())


@transaction.atomic
def cancel_activity(*, actor, activity, reason):
    _manage(activity)
    if activity.status != ActivityStatus.OPEN:
        raise ValidationError(_("只有报名中的活动可以取消"))
    if not reason.strip():
        raise ValidationError({"reason": _("请填写取消原因")})
    return save_status(
        actor,
        activity,
        ActivityStatus.CANCELLED,
        "life.activity.cancel",
        {"reason": reason.strip()},
    )


@transaction.atomic
def write_summary(*, actor, activity, summary):
    """After the activity: its short summary; the activity is finished. Effects: summary and
    status; an audit event."""
    _manage(activity)
    if activity.status == ActivityStatus.CANCELLED:
        raise ValidationError(_("已取消的活动不能填写总结"))
    if not summary.strip():
        raise ValidationError({"summary": _("请填写活动总结")})
    activity.summary = summary.strip()
    return save_status(actor, activity, ActivityStatus.FINISHED, "life.activity.summarise")


@transaction.atomic
def add_photo(*, actor, activity, upload):
    """A JPEG or PNG photo of the activity (type sniffed, at most 10 MB)."""
    _manage(activity)
    name = os.path.basename(upload.name or "")[:200]
    ext = os.path.splitext(name)[1].lower()
    if ext not in PHOTO_SIGNATURES:
        raise ValidationError({"image": _("只能上传 JPG 或 PNG 照片")})
    if upload.size > MAX_PHOTO_BYTES:
        raise ValidationError({"image": _("照片不能超过 10 MB")})
    head = upload.read(8)
    upload.seek(0)
    if not head.startswith(PHOTO_SIGNATURES[ext]):
        raise ValidationError({"image": _("文件内容与扩展名不符")})
    photo = ActivityPhoto(
        activity=activity, org=activity.org, original_name=name, uploaded_by=actor
    )
    photo.image.save(f"{activity.pk}{ext}", upload, save=False)
    photo.save()
    audit.record(actor, "life.activity.photo", activity, extra={"file": name})
    return photo
