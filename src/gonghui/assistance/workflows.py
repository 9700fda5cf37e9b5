"""The life of a hardship file as an explicit table of transitions (core/workflow.py).

Four eyes, at every level (the district admin included): whoever created or submitted a file
cannot review, publish or approve it, and whoever reviewed it cannot give the final approval.
"""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from gonghui.core.workflow import Transition, Workflow

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
            gettext_lazy("解困脱困"),
            needs_reason=True,
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
