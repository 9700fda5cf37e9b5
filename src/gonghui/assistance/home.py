"""Home-page figures and tasks of hardship assistance."""

from django.urls import reverse
from django.utils.translation import gettext as _

from gonghui.core import home

from .enums import FileStatus
from .models import HardshipFile


def figures(scope):
    if not scope.has_perm("assistance.view_file"):
        return []
    filed = HardshipFile.objects.filter(status=FileStatus.FILED).count()
    return [
        {
            "key": "hardship_files",
            "label": _("在册困难职工档案"),
            "value": filed,
            "url": reverse("assistance:files") + "?status=filed",
        }
    ]


def tasks(scope):
    if not scope.has_perm("assistance.view_file"):
        return []
    out = []
    if scope.has_perm("assistance.review_file"):
        waiting = HardshipFile.objects.filter(status=FileStatus.VISITED).count()
        out.append(
            {"label": _("待审核的困难档案"), "count": waiting, "url": reverse("assistance:caseload")}
        )
    if scope.has_perm("assistance.approve_file"):
        out.append(
            {
                "label": _("公示中的困难档案"),
                "count": HardshipFile.objects.filter(status=FileStatus.NOTICE).count(),
                "url": reverse("assistance:files") + "?status=notice",
            }
        )
    if scope.has_perm("assistance.review_yearly"):
        from .selectors import reviews_due

        out.append(
            {
                "label": _("到期应年审的困难档案"),
                "count": reviews_due().count(),
                "url": reverse("assistance:caseload"),
            }
        )
    return out


home.register_figures(figures)
home.register_tasks(tasks)
