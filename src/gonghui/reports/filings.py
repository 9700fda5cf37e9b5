"""Fill-in tasks (填报任务) down the tree: a level sends a form to chosen unions below it; each
union's form is prefilled from live data where the platform knows the figure; the union fills or
corrects (a corrected figure needs a reason) and submits; the sender sees the status matrix,
reminds by SMS, returns with comments or accepts; accepted figures add up at the sender.

Workflow (``FILING_WORKFLOW``)::

    not_opened --open--> draft --submit--> submitted --accept--> accepted
                                           submitted --return (reason)--> returned --submit--> submitted
"""

import io
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from gonghui.core import audit, notify, workdays
from gonghui.core.exports import workbook as safe_workbook
from gonghui.core.scoping import current_scope, require_perm
from gonghui.core.text.punctuation import joined, labelled
from gonghui.core.versions import require_current_version
from gonghui.core.workflow import Transition, Workflow
from gonghui.orgs.models import Org

from .layouts import parse_cell
from .measures import MEASURES, Span, totals
from .models import FilingReturn, FilingStatus, FilingTask

notify.register_template(
    "reports.filing_reminder",
    "【工会】{org}：请于 {deadline} 前完成填报任务“{title}”。{link}",
)


def _sender_guard(ret, actor):
    """Only the sending level (or above) returns or accepts: never the union that filled it."""
    scope = current_scope()
    if not ret.task.org.path.startswith(scope.org_path):
        return _("只有发出任务的上级工会可以审核填报")
    return None


def _filler_guard(ret, actor):
    """Only the union itself (or a role inside it) fills and submits its form."""
    scope = current_scope()
    if not scope.org_path.startswith(ret.org.path):
        return _("只有填报单位可以填写和提交")
    return None


S = FilingStatus
FILING_WORKFLOW = Workflow(
    state_field="status",
    transitions=[
        Transition(
            "open",
            (S.NOT_OPENED,),
            S.DRAFT,
            "reports.fill_filing",
            gettext_lazy("打开"),
            guard=_filler_guard,
        ),
        Transition(
            "submit",
            (S.DRAFT, S.RETURNED),
            S.SUBMITTED,
            "reports.fill_filing",
            gettext_lazy("提交"),
            guard=_filler_guard,
        ),
        Transition(
            "return",
            (S.SUBMITTED,),
            S.RETURNED,
            "reports.review_filing",
            gettext_lazy("退回"),
            needs_reason=True,
            guard=_sender_guard,
        ),
        Transition(
            "accept",
            (S.SUBMITTED,),
            S.ACCEPTED,
            "reports.review_filing",
            gettext_lazy("采用"),
            guard=_sender_guard,
        ),
    ],
)


def parse_fields(text):
    """Lines ``项目名称|统计项`` (the measure optional) -> the task's field list."""
    fields = []
    for n, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        label, _sep, spec = (part.strip() for part in line.partition("|"))
        key, params = parse_cell(spec)
        if spec and (key not in MEASURES or set(params) - set(MEASURES[key].params)):
            raise ValidationError(
                {"fields": _("第 {n} 行：未知的统计项 {spec}").format(n=n, spec=spec)}
            )
        fields.append({"key": f"f{len(fields) + 1}", "label": label[:60], "measure": spec})
    if not fields:
        raise ValidationError({"fields": _("至少填写一个填报项目")})
    return fields


def live_values(task, org):
    """The figure the platform knows for each field with a measure, for ``org``'s subtree."""
    wanted = {}
    for f in task.fields:
        key, params = parse_cell(f.get("measure", ""))
        if key in MEASURES:
            wanted[f["key"]] = (MEASURES[key], params)
    figures = totals(Span(org, task.year), list(wanted.values()))
    return {k: str(v) for k, v in zip(wanted, figures, strict=True)}


@transaction.atomic
def send_task(
    *, actor, org, title, instructions, year, fields, working_days, recipients, parent=None
):
    """Create the task and one prefilled, unopened return per recipient (each strictly below
    ``org`` and inside the actor's scope). Deadline in working days (core.workdays). With
    ``parent`` (``org``'s own return in a task from above) the task is that one passed down."""
    require_perm("reports.send_filing")
    if not recipients:
        raise ValidationError({"recipients": _("请选择至少一个填报单位")})
    for union in recipients:
        if union.path == org.path or not union.path.startswith(org.path):
            raise ValidationError(
                {"recipients": _("{name} 不是本单位的下级组织").format(name=union.name)}
            )
    task = FilingTask.objects.create(
        org=org,
        parent=parent,
        title=title,
        instructions=instructions,
        year=year,
        fields=fields,
        working_days=working_days,
        deadline=workdays.add_working_days(timezone.localdate(), working_days),
        created_by=actor,
    )
    for union in recipients:
        live = live_values(task, union)
        FilingReturn.objects.create(
            task=task,
            org=union,
            values={
                f["key"]: {
                    "value": live.get(f["key"], ""),
                    "live": live.get(f["key"]),
                    "reason": "",
                }
                for f in task.fields
            },
        )
    audit.record(
        actor,
        "reports.filing_task.send",
        task,
        org=org,
        extra={"recipients": [u.code for u in recipients], "parent": parent and parent.pk},
    )
    return task


@transaction.atomic
def pass_down(*, actor, ret, recipients, working_days):
    """The level holding ``ret`` (its own return in a task from above) sends the same form on
    to unions below it. Their accepted answers roll up into ``ret`` (``roll_up``). The deadline
    may not pass the task's own."""
    require_perm("reports.send_filing")
    ret = _lock(ret)
    problem = _filler_guard(ret, actor)
    if problem:
        raise ValidationError(problem)
    if ret.status not in (S.NOT_OPENED, S.DRAFT, S.RETURNED):
        raise ValidationError(_("已提交的填报不能再下发"))
    if FilingTask.objects.filter(parent=ret).exists():
        raise ValidationError(_("本任务已下发过，请在下级填报中增加单位"))
    if workdays.add_working_days(timezone.localdate(), working_days) > ret.task.deadline:
        raise ValidationError({"working_days": _("下级的截止日期不能晚于上级任务的截止日期")})
    if ret.status == S.NOT_OPENED:
        FILING_WORKFLOW.apply(ret, "open", actor=actor)
    return send_task(
        actor=actor,
        org=ret.org,
        title=ret.task.title,
        instructions=ret.task.instructions,
        year=ret.task.year,
        fields=ret.task.fields,
        working_days=working_days,
        recipients=recipients,
        parent=ret,
    )


def roll_up(task):
    """Write the sum of ``task``'s accepted answers into its parent return (the level that
    passed it down): ``rolled``/``rolled_from`` per field, and the value prefilled with the
    roll-up unless the level already typed its own figure or has submitted."""
    if task.parent_id is None:
        return None
    parent = _lock(task.parent)
    totals, accepted = rollup(task, list(task.returns.all()))
    editable = parent.status in (S.NOT_OPENED, S.DRAFT, S.RETURNED)
    values = dict(parent.values)
    for f in task.fields:
        v = dict(values.get(f["key"], {"value": "", "live": None, "reason": ""}))
        before = v.get("rolled", v.get("live"))
        v["rolled"], v["rolled_from"] = str(totals[f["key"]]), accepted
        if editable and (not v.get("value") or v.get("value") == before):
            v["value"], v["reason"] = v["rolled"], ""
        values[f["key"]] = v
    parent.values = values
    parent.save(update_fields=["values"])
    return parent


def _lock(ret):
    return FilingReturn.objects.select_for_update().select_related("task", "org").get(pk=ret.pk)


@transaction.atomic
def open_return(*, actor, ret):
    """The union opens its form (not opened -> draft). Opening again changes nothing."""
    ret = _lock(ret)
    if ret.status == S.NOT_OPENED:
        FILING_WORKFLOW.apply(ret, "open", actor=actor)
    return ret


def _clean_values(ret, answers):
    """Check every answer: a number (or blank); a figure changed from the live one needs a reason."""
    values, errors = {}, []
    for f in ret.task.fields:
        raw = (answers.get(f["key"], {}).get("value") or "").strip().replace(",", "")
        reason = (answers.get(f["key"], {}).get("reason") or "").strip()[:200]
        known = ret.values.get(f["key"], {})
        live = known.get("live")
        # the figure to correct from: the roll-up of the unions below, else the live figure
        reference = known.get("rolled", live)
        if raw:
            try:
                raw = str(Decimal(raw))
            except InvalidOperation:
                errors.append(_("{label}：请填写数字").format(label=f["label"]))
                continue
        if reference is not None and raw and Decimal(raw) != Decimal(reference) and not reason:
            source = _("下级汇总") if "rolled" in known else _("系统数据")
            errors.append(
                _("{label}：与{source}（{reference}）不同，请说明更正理由").format(
                    label=f["label"], source=source, reference=reference
                )
            )
        same = reference is not None and raw and Decimal(raw) == Decimal(reference)
        values[f["key"]] = {**known, "value": raw, "live": live, "reason": "" if same else reason}
    if errors:
        raise ValidationError(errors)
    return values


@transaction.atomic
def save_return(*, actor, ret, answers, submit=False, version=None):
    """Save the union's answers (draft or returned); with ``submit`` also submit them, which
    needs every field filled."""
    require_perm("reports.fill_filing")
    ret = _lock(ret)
    problem = _filler_guard(ret, actor)
    if problem:
        raise ValidationError(problem)
    require_current_version(ret, version, _("填报已被他人修改，请刷新后重试"))
    if ret.status == S.NOT_OPENED:
        FILING_WORKFLOW.apply(ret, "open", actor=actor)
    if ret.status not in (S.DRAFT, S.RETURNED):
        raise ValidationError(_("已提交的填报不能修改"))
    ret.values = _clean_values(ret, answers)
    if submit and any(not v["value"] for v in ret.values.values()):
        raise ValidationError(_("还有项目未填写，不能提交"))
    ret.version += 1
    ret.save()
    corrected = sorted(k for k, v in ret.values.items() if v["reason"])
    audit.record(actor, "reports.filing_return.save", ret, extra={"corrected": corrected})
    if submit:
        ret.submitted_at = timezone.now()
        FILING_WORKFLOW.apply(ret, "submit", actor=actor)
    return ret


@transaction.atomic
def review_return(*, actor, ret, accept, comment=""):
    """The sender accepts the figures or returns the form with its comments."""
    ret = _lock(ret)
    if accept:
        FILING_WORKFLOW.apply(ret, "accept", actor=actor)
        roll_up(ret.task)
    else:
        ret.comment = comment.strip()[:300]
        FILING_WORKFLOW.apply(ret, "return", actor=actor, reason=ret.comment)
    audit.record(actor, f"reports.filing_return.{'accept' if accept else 'return'}", ret)
    return ret


@transaction.atomic
def remind(*, actor, ret):
    """Send an SMS reminder (outbox) to the union's contact phone for an unfinished form."""
    require_perm("reports.review_filing")
    ret = _lock(ret)
    problem = _sender_guard(ret, actor)
    if problem:
        raise ValidationError(problem)
    if ret.status in (S.SUBMITTED, S.ACCEPTED):
        raise ValidationError(_("该单位已提交，无需催报"))
    if not ret.org.contact_phone:
        raise ValidationError(_("{name} 没有登记联系电话，无法发送短信").format(name=ret.org.name))
    from django.urls import reverse

    notify.send_sms(
        ret.org.contact_phone,
        "reports.filing_reminder",
        {
            "org": ret.org.name,
            "deadline": ret.task.deadline.isoformat(),
            "title": ret.task.title,
            "link": notify.site_url(reverse("reports:filing_answer", args=[ret.pk])),
        },
        related=ret,
    )
    ret.reminders += 1
    ret.last_reminded_at = timezone.now()
    ret.save(update_fields=["reminders", "last_reminded_at"])
    audit.record(actor, "reports.filing_return.remind", ret)
    return ret


def rollup(task, returns):
    """Per field: the sum of the accepted returns' figures (Decimal) and how many were accepted."""
    accepted = [r for r in returns if r.status == S.ACCEPTED]
    totals = {}
    for f in task.fields:
        totals[f["key"]] = sum(
            (Decimal(r.values.get(f["key"], {}).get("value") or 0) for r in accepted), Decimal(0)
        )
    return totals, len(accepted)


def progress(task):
    """``{"accepted": n, "total": m}`` of a task's returns."""
    statuses = list(task.returns.values_list("status", flat=True))
    return {"accepted": statuses.count(S.ACCEPTED), "total": len(statuses)}


def passed_down(returns):
    """For each of ``returns`` passed down below: ``{return pk: (subtask, progress)}``."""
    subtasks = FilingTask.objects.filter(parent__in=[r.pk for r in returns])
    return {t.parent_id: (t, progress(t)) for t in subtasks}


def rolled_totals(task, returns):
    """Per field: the sum of the roll-ups from below over every return of ``task`` (what the
    unions below the recipients accepted so far)."""
    return [
        sum(
            (Decimal(r.values.get(f["key"], {}).get("rolled") or 0) for r in returns),
            Decimal(0),
        )
        for f in task.fields
    ]


def answers_workbook(task, returns):
    """Every union's answers (with the live figure and reasons for corrections) as .xlsx."""
    buffer = io.BytesIO()
    book = safe_workbook(buffer)
    sheet = book.add_worksheet(_("填报汇总"))
    bold = book.add_format({"bold": True})
    sheet.write_string(
        0,
        0,
        _("{title}（{year} 年度，截止 {deadline}）").format(
            title=task.title, year=task.year, deadline=task.deadline.isoformat()
        ),
        bold,
    )
    header = [_("填报单位"), _("状态"), *[f["label"] for f in task.fields], _("更正理由")]
    for j, text in enumerate(header):
        sheet.write_string(2, j, text, bold)
    for i, r in enumerate(returns, start=3):
        sheet.write_string(i, 0, r.org.name)
        sheet.write_string(i, 1, str(r.get_status_display()))
        for j, f in enumerate(task.fields, start=2):
            value = r.values.get(f["key"], {}).get("value") or ""
            if value:
                sheet.write_number(i, j, Decimal(value))
            else:
                sheet.write_blank(i, j, None)
        reasons = joined(
            (
                labelled(f["label"], r.values[f["key"]]["reason"])
                for f in task.fields
                if r.values.get(f["key"], {}).get("reason")
            ),
            "semicolon",
        )
        sheet.write_string(i, len(task.fields) + 2, reasons)
    sheet.set_column(0, 0, 30)
    book.close()
    return buffer.getvalue()


def recipients_from_codes(codes):
    """Org codes typed by the sender -> visible orgs (unknown codes are an error)."""
    wanted = [c.strip() for c in codes.replace("，", ",").split(",") if c.strip()]
    found = {o.code: o for o in Org.objects.visible().filter(code__in=wanted)}
    missing = [c for c in wanted if c not in found]
    if missing:
        raise ValidationError(
            {
                "recipients": _("找不到组织代码（或不在管理范围内）：{values}").format(
                    values=joined(missing)
                )
            }
        )
    return [found[c] for c in wanted]
