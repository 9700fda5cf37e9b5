"""Writes on surveys: design (questions), open, answer once per member, close.

Anonymous answers follow the secret-ballot discipline: the participation row records that the
member answered; the response and its answers carry no member, no time and random ids."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from gonghui.core import audit
from gonghui.core.scoping import current_scope, require_perm

from ..enums import Eligibility, QuestionKind, SurveyStatus
from ..models import Answer, Participation, Question, Response, Survey
from ._common import require_organiser, save_status, taking_part

MAX_CHOICES = 20


@transaction.atomic
def create_survey(*, actor, org, title, closes_on, intro="", anonymous=True,
                  eligibility=Eligibility.SUBTREE):  # fmt: skip
    """A draft survey of the scope's own union. Effects: the row; an audit event."""
    require_perm("life.manage_survey")
    # A survey is run in the name of the level that asks.
    if org.pk != current_scope().org_id:
        raise PermissionDenied(_("只能以本级工会的名义发起问卷"))
    if not title.strip():
        raise ValidationError({"title": _("请填写问卷标题")})
    if closes_on < timezone.localdate():
        raise ValidationError({"closes_on": _("截止日期不能早于今天")})
    survey = Survey.objects.create(
        org=org, title=title.strip(), intro=intro.strip(), anonymous=anonymous,
        eligibility=eligibility, closes_on=closes_on, created_by=actor,
    )  # fmt: skip
    audit.record(actor, "life.survey.create", survey, extra={"anonymous": anonymous})
    return survey


def _manage(survey):
    require_organiser(survey, "life.manage_survey", _("只有发起单位可以管理该问卷"))


@transaction.atomic
def add_question(*, actor, survey, kind, text, choices=(), scale_max=5, required=True):
    """Add a question to a draft. Choice questions need 2 to 20 distinct options; scales run
    from 1 to 3..10."""
    _manage(survey)
    if survey.status != SurveyStatus.DRAFT:
        raise ValidationError(_("问卷已发布，不能再修改题目"))
    if not text.strip():
        raise ValidationError({"text": _("请填写题目")})
    options = [c.strip() for c in choices if c and c.strip()]
    if kind in (QuestionKind.SINGLE, QuestionKind.MULTI):
        if not 2 <= len(options) <= MAX_CHOICES or len(set(options)) != len(options):
            raise ValidationError({"choices": _("选择题需要 2 至 20 个互不相同的选项")})
    else:
        options = []
    if kind == QuestionKind.SCALE and not 3 <= scale_max <= 10:
        raise ValidationError({"scale_max": _("最高分应在 3 至 10 之间")})
    # unscoped: rows of a parent the caller found in scope
    position = Question.unscoped.filter(survey=survey).count() + 1
    question = Question.objects.create(
        survey=survey, position=position, kind=kind, text=text.strip(), choices=options,
        scale_max=scale_max, required=required,
    )  # fmt: skip
    audit.record(actor, "life.survey.add_question", survey, extra={"position": position})
    return question


@transaction.atomic
def open_survey(*, actor, survey):
    _manage(survey)
    if survey.status != SurveyStatus.DRAFT:
        raise ValidationError(_("只有草稿可以发布"))
    # unscoped: rows of a parent the caller found in scope
    if not Question.unscoped.filter(survey=survey).exists():
        raise ValidationError(_("请先添加题目"))
    return save_status(actor, survey, SurveyStatus.OPEN, "life.survey.open")


@transaction.atomic
def close_survey(*, actor, survey):
    _manage(survey)
    if survey.status != SurveyStatus.OPEN:
        raise ValidationError(_("只有收集中的问卷可以结束"))
    return save_status(actor, survey, SurveyStatus.CLOSED, "life.survey.close")


def is_eligible(survey, member):
    if survey.eligibility == Eligibility.UNION:
        return member.org_id == survey.org_id
    return member.org_path.startswith(survey.org.path)


def _parse(question, raw):
    """One answer from the submitted value(s); ``None`` when left empty."""
    values = [v for v in (raw or []) if str(v).strip()]
    if not values:
        return None
    if question.kind == QuestionKind.TEXT:
        return Answer(question=question, text=str(values[0]).strip()[:2000])
    try:
        numbers = [int(v) for v in values]
    except (TypeError, ValueError):
        raise ValidationError({f"q{question.pk}": _("答案无效")}) from None
    if question.kind == QuestionKind.SCALE:
        if len(numbers) != 1 or not 1 <= numbers[0] <= question.scale_max:
            raise ValidationError({f"q{question.pk}": _("分值超出范围")})
        return Answer(question=question, score=numbers[0])
    count = len(question.choices)
    if any(not 0 <= n < count for n in numbers) or len(set(numbers)) != len(numbers):
        raise ValidationError({f"q{question.pk}": _("选项无效")})
    if question.kind == QuestionKind.SINGLE and len(numbers) != 1:
        raise ValidationError({f"q{question.pk}": _("单选题只能选一项")})
    return Answer(question=question, picks=sorted(numbers))


@transaction.atomic
def answer_survey(*, actor, survey, answers, today=None):
    """The logged-in member answers once. ``answers`` maps question id to a list of submitted
    values. Effects: a participation row (unique per member); a response (named or not) with
    its answers; an audit event that names the survey, not the answers."""
    member = taking_part(actor)
    if not is_eligible(survey, member):
        raise PermissionDenied(_("您不在该问卷的调查范围内"))
    if survey.status != SurveyStatus.OPEN or (today or timezone.localdate()) > survey.closes_on:
        raise ValidationError(_("该问卷不在收集期内"))
    parsed, errors = [], {}
    # unscoped: rows of a parent the caller found in scope
    for question in Question.unscoped.filter(survey=survey):
        try:
            answer = _parse(question, answers.get(question.pk))
        except ValidationError as exc:
            errors.update(exc.message_dict)
            continue
        if answer is None and question.required:
            errors[f"q{question.pk}"] = _("此题必答")
        elif answer is not None:
            parsed.append(answer)
    if errors:
        raise ValidationError(errors)
    try:
        with transaction.atomic():
            Participation.objects.create(survey=survey, member=member, org_id=member.org_id)
    except IntegrityError:
        raise ValidationError(_("您已经提交过该问卷")) from None
    response = Response.objects.create(survey=survey, member=None if survey.anonymous else member)
    for answer in parsed:
        answer.response = response
    Answer.objects.bulk_create(parsed)
    audit.record(actor, "life.survey.answer", survey)
    return response
