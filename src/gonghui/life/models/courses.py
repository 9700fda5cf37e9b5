"""Study and courses (学习/培训): a course (in person or online material) with enrolment,
attendance, hours and completion. Enrolments are the one learning record of everyone: a member
enrols themselves; officials' training (干部培训, formerly in the rights module) is recorded by
staff against the official."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from gonghui.core.scoping import AncestorsVisible, ScopedModel
from gonghui.core.workflow import status_is

from ..enums import CourseAudience, CourseMode, CourseStatus, Eligibility, EnrolmentStatus
from .eligibility import MemberFilters


class Course(ScopedModel, MemberFilters):
    org = models.ForeignKey(
        "orgs.Org",
        on_delete=models.PROTECT,
        related_name="life_courses",
        verbose_name=_("主办单位"),
    )
    title = models.CharField(_("课程名称"), max_length=200)
    mode = models.CharField(
        _("学习方式"), max_length=20, choices=CourseMode.choices, default=CourseMode.IN_PERSON
    )
    audience = models.CharField(
        _("培训对象"), max_length=20, choices=CourseAudience.choices, default=CourseAudience.MEMBERS
    )
    provider = models.CharField(_("授课/承办单位"), max_length=100, blank=True)
    material = models.TextField(_("课程内容"), blank=True)  # sanitised HTML (clean_html)
    place = models.CharField(_("地点"), max_length=200, blank=True)
    starts_on = models.DateField(_("开课日期"))
    ends_on = models.DateField(_("结课日期"), null=True, blank=True)
    enrol_deadline = models.DateField(_("报名截止日"), null=True, blank=True)
    quota = models.PositiveIntegerField(_("名额（空为不限）"), null=True, blank=True)
    hours = models.DecimalField(_("学时"), max_digits=5, decimal_places=1)
    eligibility = models.CharField(
        _("报名范围"), max_length=20, choices=Eligibility.choices, default=Eligibility.SUBTREE
    )
    status = models.CharField(
        _("状态"), max_length=20, choices=CourseStatus.choices, default=CourseStatus.OPEN
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    version = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(default=timezone.now)

    scope_rule = AncestorsVisible()  # a scope sees its subtree's courses and those sent down

    class Meta:
        verbose_name = _("课程")
        verbose_name_plural = _("课程")
        ordering = ["-starts_on", "-id"]
        constraints = [
            models.CheckConstraint(condition=models.Q(hours__gt=0), name="life_course_hours"),
        ]

    is_open = status_is(CourseStatus.OPEN)  # open (not closed or cancelled): it may still be closed

    def __str__(self):
        return self.title


class Enrolment(ScopedModel):
    """One learner on one course: a member or an official (exactly one). ``org`` is the
    learner's union, so the record rolls up the tree; ``hours`` are the hours credited so far
    (attendance adds to them, up to the course's hours, which completes the course)."""

    course = models.ForeignKey(Course, on_delete=models.PROTECT, related_name="enrolments")
    member = models.ForeignKey(
        "members.Member", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    official = models.ForeignKey(
        "orgs.Official",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="enrolments",
    )
    org = models.ForeignKey("orgs.Org", on_delete=models.PROTECT, related_name="+")
    status = models.CharField(
        _("学习状态"),
        max_length=20,
        choices=EnrolmentStatus.choices,
        default=EnrolmentStatus.ENROLLED,
    )
    enrolled_at = models.DateTimeField(_("报名时间"), default=timezone.now)
    attended_at = models.DateTimeField(_("最近出勤"), null=True, blank=True)
    sessions = models.PositiveSmallIntegerField(_("出勤次数"), default=0)
    hours = models.DecimalField(_("已获学时"), max_digits=5, decimal_places=1, default=0)
    completed_at = models.DateTimeField(_("结业时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("学习记录")
        verbose_name_plural = _("学习记录")
        ordering = ["enrolled_at", "id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(member__isnull=False, official__isnull=True)
                | models.Q(member__isnull=True, official__isnull=False),
                name="life_enrolment_one_learner",
            ),
            models.UniqueConstraint(
                fields=["course", "member"],
                condition=models.Q(member__isnull=False),
                name="life_enrol_member_once",
            ),
            models.UniqueConstraint(
                fields=["course", "official"],
                condition=models.Q(official__isnull=False),
                name="life_enrol_official_once",
            ),
            models.CheckConstraint(condition=models.Q(hours__gte=0), name="life_enrol_hours"),
        ]

    is_withdrawn = status_is(EnrolmentStatus.WITHDRAWN)  # the learner withdrew

    def __str__(self):
        return f"{self.course} · {self.learner_name}"

    is_learning = status_is(EnrolmentStatus.ENROLLED)
    is_completed = status_is(EnrolmentStatus.COMPLETED)

    @property
    def learner_name(self):
        return self.member.name if self.member_id else self.official.name

    @property
    def certificate_number(self):
        """Printed on the certificate; derived, so it never changes once issued."""
        year = (self.completed_at or self.enrolled_at).year
        return f"PX{year}-{self.course_id:04d}-{self.pk:05d}"
