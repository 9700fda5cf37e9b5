"""Home-page figures and tasks of hardship assistance."""

from django.urls import reverse
from django.utils.translation import gettext as _

from gonghui.core import home
from gonghui.core.text.punctuation import annotated

from .enums import FileStatus
from .models import HardshipFile


def figures(scope):
    if not scope.has_perm("assistance.view_file"):
        return []
    from .selectors import filed_files

    # the one source of the figure: the annual return's 困难职工档案 reads the same selector
    filed = filed_files(scope.org_path).count()
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
            {
                "label": _("待审核的困难档案"),
                "count": waiting,
                "url": reverse("assistance:files") + "?status=visited",
            }
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
                "key": "assistance-yearly-reviews",
                "label": _("到期应年审的困难档案"),
                "items": reviews_due().select_related("org").order_by("pk"),
                "link": lambda f: reverse("assistance:file", args=[f.pk]),
                "describe": lambda f: annotated(f.number, f.org.name),
            }
        )
    return out


home.register_figures(figures)
home.register_tasks(tasks)
