"""The life of a hardship file as an explicit table of transitions (core/workflow.py).

Four eyes, at every level (the district admin included): whoever created or submitted a file
cannot review, publish or approve it, and whoever reviewed it cannot give the final approval.
"""

from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from gonghui.core import config
from gonghui.core.workflow import Transition, Workflow

from .enums import ExitReason
from .enums import FileStatus as S


def not_creator(file, actor):
    # Whoever created or submitted the file may not check their own work, whatever their level.
    if file.created_by_id == actor.pk:
        return _("四眼原则：建档人不能审核或审批自己建立的档案")
    if file.submitted_by_id == actor.pk:
        return _("四眼原则：提交人不能审核或审批自己提交的档案")
    return None


def not_creator_nor_reviewer(file, actor):
    problem = not_creator(file, actor)
    if problem:
        return problem
    # The reviewer may not also give the final approval.
    if file.reviewed_by_id == actor.pk:
        return _("四眼原则：审核人不能同时作出最终审批")
    return None


RETURNABLE = (S.SUBMITTED, S.VISITED, S.REVIEWED, S.NOTICE)

FILE_WORKFLOW = Workflow(
    state_field="status",
    transitions=[
        Transition(
            "submit",
            (S.DRAFT,),
            S.SUBMITTED,
            "assistance.submit_file",
            gettext_lazy("基层工会初审提交"),
        ),
        Transition(
            "visit",
            (S.SUBMITTED,),
            S.VISITED,
            "assistance.record_visit",
            gettext_lazy("登记入户核查"),
        ),
        Transition(
            "review",
            (S.VISITED,),
            S.REVIEWED,
            "assistance.review_file",
            gettext_lazy("帮扶中心审核通过"),
            guard=not_creator,
        ),
        Transition(
            "publish",
            (S.REVIEWED,),
            S.NOTICE,
            "assistance.publish_notice",
            gettext_lazy("开始公示"),
            guard=not_creator,
        ),
        Transition(
            "approve",
            (S.NOTICE,),
            S.FILED,
            "assistance.approve_file",
            gettext_lazy("审批建档"),
            guard=not_creator_nor_reviewer,
        ),
        Transition(
            "return",
            RETURNABLE,
            S.DRAFT,
            "assistance.return_file",
            gettext_lazy("退回修改"),
            needs_reason=True,
        ),
        Transition(
            "exit",
            (S.FILED,),
            S.CLOSED,
            "assistance.exit_file",
            gettext_lazy("解困脱困"),  # the reason is chosen (exit_file checks it), the note typed
        ),
        Transition(
            "reopen",
            (S.CLOSED,),
            S.DRAFT,
            "assistance.reopen_file",
            gettext_lazy("重新启用"),
            needs_reason=True,
        ),
    ],
)


def exit_words(data):
    """The exit reason kept with the "exit" step (``{"exit_reason": code, "setting":
    config.snapshot}``) in the current language: 人均收入连续超过低保标准（脱困：… = 6（默认））."""
    code = data.get("exit_reason", "")
    words = str(ExitReason(code).label) if code in ExitReason.values else code
    if data.get("setting"):
        words += _("（{setting}）").format(setting=config.describe_snapshot(data["setting"]))
    return words


def step_note(event):
    """What the timeline shows under a step: the system's part worded now, then the note as the
    person typed it (or the system's in its stead, ``WorkflowEvent.reason_text``)."""
    if event.transition == "exit" and event.data:
        return " ".join(part for part in (exit_words(event.data), event.reason_text) if part)
    return event.reason_text


def parse_legacy_exit(text, setting_value=None):
    """``(data, note)`` of an exit step stored as text (``"{label}（{describe}） {note}"``, before
    0012), or None when the text does not start with an exit reason."""
    import re

    with translation.override("zh-hans"):
        labels = {str(choice.label): choice.value for choice in ExitReason}
        for label, code in labels.items():
            if not text.startswith(label):
                continue
            rest, data = text[len(label) :], {"exit_reason": code}
            if code == ExitReason.INCOME_ABOVE:
                match = re.match(r"（(.+) = ([^=]+?)（(?:v(\d+)|默认)））", rest)
                if not match:
                    return None
                key = "assistance.exit_income_months"
                if match[3]:
                    value = setting_value(int(match[3])) if setting_value else None
                    if value is None:
                        return None
                    data["setting"] = {"key": key, "value": value, "version": int(match[3])}
                else:
                    definition = config.definitions().get(key)
                    data["setting"] = {"key": key, "value": definition.default, "version": None}
                rest = rest[match.end() :]
            if rest and not rest.startswith(" "):
                continue
            return data, rest.strip()
    return None
