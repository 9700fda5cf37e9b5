"""Activities (活动): sign-up with a quota and a waiting list, check-in, hours, summary."""

import secrets

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from gonghui.core.scoping import ScopedModel, ViaParent
from gonghui.core.workflow import status_is

from ..enums import ActivityKind, ActivityStatus, CheckinMethod, Eligibility, SignupStatus
from ._common import Organised
from .eligibility import MemberFilters


def _secret():
    return secrets.token_hex(16)


class Activity(Organised, MemberFilters):
    org = models.ForeignKey(
        "orgs.Org",
        on_delete=models.PROTECT,
        related_name="life_activities",
        verbose_name=_("主办单位"),
    )
    title = models.CharField(_("活动名称"), max_length=200)
    kind = models.CharField(_("活动类别"), max_length=20, choices=ActivityKind.choices)
    description = models.TextField(_("活动介绍"), blank=True)
    place = models.CharField(_("地点"), max_length=200)
    starts_at = models.DateTimeField(_("开始时间"))
    ends_at = models.DateTimeField(_("结束时间"))
    signup_deadline = models.DateTimeField(_("报名截止"))
    cancel_cutoff = models.DateTimeField(_("取消报名截止"))
    eligibility = models.CharField(
        _("报名范围"), max_length=20, choices=Eligibility.choices, default=Eligibility.SUBTREE
    )
    quota = models.PositiveIntegerField(_("名额"))
    hours = models.DecimalField(_("计入时长（小时）"), max_digits=5, decimal_places=1)
    status = models.CharField(
        _("状态"), max_length=20, choices=ActivityStatus.choices, default=ActivityStatus.OPEN
    )
    summary = models.TextField(_("活动总结"), blank=True)
    checkin_secret = models.CharField(max_length=64, default=_secret, editable=False)

    class Meta:
        verbose_name = _("活动")
        verbose_name_plural = _("活动")
        ordering = ["-starts_at", "-id"]
        constraints = [
            models.CheckConstraint(condition=models.Q(quota__gte=1), name="life_activity_quota"),
            models.CheckConstraint(
                condition=models.Q(ends_at__gte=models.F("starts_at")), name="life_activity_ends"
            ),
            models.CheckConstraint(condition=models.Q(hours__gte=0), name="life_activity_hours"),
        ]

    is_open = status_is(ActivityStatus.OPEN)  # open for sign-up (not cancelled or finished)

    def __str__(self):
        return self.title


class Signup(ScopedModel):
    """A member's sign-up; ``org`` is the member's union (participation rolls up by it)."""

    activity = models.ForeignKey(Activity, on_delete=models.CASCADE, related_name="signups")
    member = models.ForeignKey("members.Member", on_delete=models.PROTECT, related_name="+")
    org = models.ForeignKey("orgs.Org", on_delete=models.PROTECT, related_name="+")
    status = models.CharField(_("报名状态"), max_length=20, choices=SignupStatus.choices)
    signed_at = models.DateTimeField(_("报名时间"), default=timezone.now)
    cancelled_at = models.DateTimeField(_("取消时间"), null=True, blank=True)
    promoted_at = models.DateTimeField(_("候补转正时间"), null=True, blank=True)
    checked_in_at = models.DateTimeField(_("签到时间"), null=True, blank=True)
    checkin_method = models.CharField(
        _("签到方式"), max_length=10, choices=CheckinMethod.choices, blank=True
    )
    hours = models.DecimalField(_("计入时长（小时）"), max_digits=5, decimal_places=1, default=0)

    class Meta:
        verbose_name = _("活动报名")
        ordering = ["signed_at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["activity", "member"], name="life_signup_once"),
        ]

    is_confirmed = status_is(SignupStatus.CONFIRMED)  # a confirmed place
    is_waitlisted = status_is(SignupStatus.WAITLISTED)  # on the waiting list
    is_cancelled = status_is(SignupStatus.CANCELLED)  # cancelled by the member

    def __str__(self):
        return f"{self.activity} · {self.member}"


class ActivityPhoto(ScopedModel):
    scope_rule = ViaParent("activity")

    activity = models.ForeignKey(Activity, on_delete=models.CASCADE, related_name="photos")
    org = models.ForeignKey("orgs.Org", on_delete=models.PROTECT, related_name="+")
    image = models.FileField(upload_to="life/photos/%Y/%m/")
    original_name = models.CharField(max_length=200)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["id"]
