"""Home-page figures and tasks of the proposal process."""

from django.urls import reverse
from django.utils.translation import gettext as _

from gonghui.core import home

from . import selectors


def figures(scope):
    if scope.has_perm("innovation.view_statistics"):
        stats = selectors.statistics(scope.org_path)
        return [
            {
                "key": "proposals",
                "label": _("合理化建议（采纳/提交）"),
                "value": f"{stats['adopted']}/{stats['submitted']}",
                "url": reverse("innovation:statistics"),
            }
        ]
    if scope.has_perm("innovation.view_own_proposal"):
        return [
            {
                "key": "my_proposals",
                "label": _("我的建议"),
                "value": selectors.proposals_of_user(scope.user).count(),
                "url": reverse("innovation:mine"),
            }
        ]
    return []


def tasks(scope):
    counts = selectors.waiting_for(scope, scope.user)
    result = [
        {
            "label": _("待受理的合理化建议"),
            "count": counts.get("triage", 0),
            "url": reverse("innovation:list") + "?status=submitted",
        }
    ]
    if scope.has_perm("innovation.review_proposal"):
        result.append(
            {
                "key": "innovation-to-review",
                "label": _("待我评审的合理化建议"),
                "items": selectors.reviews_waiting_for(scope, scope.user),
                "link": lambda review: reverse("innovation:detail", args=[review.proposal_id]),
                "describe": lambda review: f"{review.proposal.number} {review.proposal.title}",
            }
        )
    return result


home.register_figures(figures)
home.register_tasks(tasks)
