"""Home-page figures and tasks: urgent requests for district staff, overdue and due-soon
requests for handlers."""

from django.urls import reverse
from django.utils.translation import gettext as _

from gonghui.core import home

from . import selectors


def figures(scope):
    if not scope.has_perm("rights.view_request"):
        return []
    return [
        {
            "key": "rights_open",
            "label": _("在办职工诉求"),
            "value": selectors.request_queue(status="open").count(),
            "url": reverse("rights:queue") + "?status=open",
        }
    ]


def tasks(scope):
    result = []
    if scope.has_perm("rights.view_urgent"):
        result.append(
            {
                "label": _("紧急职工诉求（待区总工会确认）"),
                "count": selectors.unacknowledged_urgent_count(),
                "url": reverse("rights:urgent"),
            }
        )
    if scope.has_perm("rights.handle_request"):
        queue = reverse("rights:queue")
        result.append(
            {
                "label": _("已逾期的职工诉求"),
                "count": selectors.overdue_count(),
                "url": queue + "?overdue=1",
            }
        )
        result.append(
            {
                "label": _("即将到期的职工诉求"),
                "count": selectors.due_soon_count(),
                "url": queue + "?status=open",
            }
        )
    return result


home.register_figures(figures)
home.register_tasks(tasks)
