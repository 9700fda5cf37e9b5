"""Home-page figures and tasks of honours."""

from django.urls import reverse
from django.utils.translation import gettext as _

from gonghui.core import home

from . import selectors
from .models import Nomination, NominationStatus, Objection, ObjectionStatus


def figures(scope):
    if not scope.has_perm("honours.view_nomination"):
        return []
    count = Nomination.objects.filter(status=NominationStatus.IN_NOTICE).count()
    return [
        {
            "key": "honours_notice",
            "label": _("公示中的荣誉推荐"),
            "value": count,
            "url": reverse("honours:rounds"),
        }
    ]


def tasks(scope):
    result = []
    if scope.has_perm("honours.score_nomination"):
        waiting = selectors.awaiting_my_scores(scope.user).count()
        result.append(
            {"label": _("待我评分的荣誉推荐"), "count": waiting, "url": reverse("honours:rounds")}
        )
    if scope.has_perm("honours.review_nomination"):
        result.append(
            {
                "label": _("待我审核的荣誉推荐"),
                "count": selectors.review_queue().count(),
                "url": reverse("honours:review_queue"),
            }
        )
    if scope.has_perm("honours.answer_objection"):
        count = Objection.objects.filter(status=ObjectionStatus.OPEN).count()
        result.append(
            {"label": _("待答复的公示异议"), "count": count, "url": reverse("honours:rounds")}
        )
    return result


home.register_figures(figures)
home.register_tasks(tasks)
