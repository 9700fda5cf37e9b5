"""Surveys (问卷). Anonymous surveys keep the same discipline as secret ballots: a
participation row says *that* a member answered, the response row holds *what* was answered,
and nothing links the two (no member, no time, no order that follows the participation)."""

import uuid

from django.db import models
from django.utils.translation import gettext_lazy as _

from gonghui.core.scoping import ScopedModel, ViaParent
from gonghui.core.workflow import status_is

from ..enums import Eligibility, QuestionKind, SurveyStatus
from ._common import Organised


class Survey(Organised):
    org = models.ForeignKey(
        "orgs.Org",
        on_delete=models.PROTECT,
        related_name="life_surveys",
        verbose_name=_("发起单位"),
    )
    title = models.CharField(_("问卷标题"), max_length=200)
    intro = models.TextField(_("说明"), blank=True)
    anonymous = models.BooleanField(_("匿名问卷"), default=True)
    eligibility = models.CharField(
        _("调查对象"), max_length=20, choices=Eligibility.choices, default=Eligibility.SUBTREE
    )
    closes_on = models.DateField(_("截止日期"))
    status = models.CharField(
        _("状态"), max_length=20, choices=SurveyStatus.choices, default=SurveyStatus.DRAFT
    )

    class Meta:
        verbose_name = _("问卷")
        verbose_name_plural = _("问卷")
        ordering = ["-created_at", "-id"]

    is_open = status_is(SurveyStatus.OPEN)  # collecting answers

    def __str__(self):
        return self.title

    is_draft = status_is(SurveyStatus.DRAFT)


class Question(ScopedModel):
    scope_rule = ViaParent("survey")

    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="questions")
    position = models.PositiveSmallIntegerField()
    kind = models.CharField(_("题型"), max_length=10, choices=QuestionKind.choices)
    text = models.CharField(_("题目"), max_length=300)
    choices = models.JSONField(_("选项"), default=list, blank=True)
    scale_max = models.PositiveSmallIntegerField(_("最高分"), default=5)
    required = models.BooleanField(_("必答"), default=True)

    class Meta:
        ordering = ["position", "id"]
        constraints = [
            models.UniqueConstraint(fields=["survey", "position"], name="life_question_position"),
        ]

    def __str__(self):
        return self.text


class Participation(ScopedModel):
    """That a member answered (one per member and survey: the unique constraint)."""

    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="participations")
    member = models.ForeignKey("members.Member", on_delete=models.PROTECT, related_name="+")
    org = models.ForeignKey("orgs.Org", on_delete=models.PROTECT, related_name="+")
    answered_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["survey", "member"], name="life_survey_answer_once"),
        ]


class Response(ScopedModel):
    """What was answered. ``member`` is set only for named surveys; anonymous responses carry
    a random primary key and no time, so neither their order nor their ids follow the order of
    the participations."""

    scope_rule = ViaParent("survey")

    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="responses")
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    member = models.ForeignKey(
        "members.Member", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["id"]  # a random order: never the order of submission


class Answer(ScopedModel):
    scope_rule = ViaParent("response")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    response = models.ForeignKey(Response, on_delete=models.CASCADE, related_name="answers")
    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="answers")
    picks = models.JSONField(default=list, blank=True)  # chosen option indexes
    score = models.PositiveSmallIntegerField(null=True, blank=True)
    text = models.TextField(blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["response", "question"], name="life_answer_once"),
        ]
