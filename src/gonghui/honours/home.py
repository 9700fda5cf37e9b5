"""Home-page figures and tasks of honours."""

from django.urls import reverse
from django.utils.translation import gettext as _

from gonghui.core import home
from gonghui.core.scoping import subtree_q
from gonghui.core.text.punctuation import annotated

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
        result.append(
            {
                "key": "honours-to-score",
                "label": _("待我评分的荣誉推荐"),
                "items": selectors.awaiting_my_scores(scope.user).order_by("id"),
                "link": lambda n: reverse("honours:nomination", args=[n.pk]),
                "describe": lambda n: annotated(n.nominee_name, n.unit_name),
            }
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
        # Objections are answered by the round's organiser: rounds organised in this subtree.
        open_objections = (
            Objection.objects.filter(status=ObjectionStatus.OPEN)
            .filter(subtree_q(scope.org_path, "nomination__round__org__path"))
            .select_related("nomination")
            .order_by("id")
        )
        result.append(
            {
                "key": "honours-objections",
                "label": _("待答复的公示异议"),
                "items": open_objections,
                "link": lambda o: reverse("honours:nomination", args=[o.nomination_id]),
                "describe": lambda o: annotated(
                    o.nomination.nominee_name, f"{o.created_at:%Y-%m-%d}"
                ),
            }
        )
    return result


home.register_figures(figures)
home.register_tasks(tasks)
