"""Home-page figures and tasks of the organising work (the organiser's cards)."""

import datetime

from django.urls import reverse
from django.utils.translation import gettext as _

from gonghui.core.text.punctuation import annotated

from . import selectors
from .enums import Stage
from .models import Prospect


def figures(scope):
    if not scope.has_perm("organising.view_prospect"):
        return []
    waiting = selectors.employers_without_union(min_headcount=selectors.target_headcount())
    mine = Prospect.objects.filter(organiser=scope.user).exclude(stage=Stage.FOUNDED).count()
    cards = [
        {"key": "organising_targets", "label": _("未建会重点单位"), "value": waiting.count(),
         "url": reverse("organising:employers")},
    ]  # fmt: skip
    if mine:
        cards.append({"key": "organising_mine", "label": _("我负责的未建会单位"), "value": mine,
                      "url": reverse("organising:my_work")})  # fmt: skip
    return cards


def tasks(scope):
    if not scope.has_perm("organising.view_prospect"):
        return []
    soon = datetime.date.today() + datetime.timedelta(days=7)
    visits = Prospect.objects.filter(organiser=scope.user, next_visit_on__lte=soon).exclude(
        stage=Stage.FOUNDED
    )
    result = [
        {
            "key": "organising-visits",
            "label": _("近一周待走访的单位"),
            "items": visits.select_related("employer").order_by("next_visit_on", "pk"),
            "link": lambda p: reverse("organising:employer", args=[p.employer_id]),
            "describe": lambda p: annotated(p.employer.name, f"{p.next_visit_on:%Y-%m-%d}"),
        }
    ]
    if scope.has_perm("organising.approve_term_change"):
        changes, founds = selectors.waiting_for_upper_level()
        result += [
            {"label": _("待审批的换届计划和选举结果"), "count": changes.count(),
             "url": reverse("organising:term_changes")},
            {"label": _("待上级同意或批复的建会"), "count": founds.count(),
             "url": reverse("organising:foundings")},
        ]  # fmt: skip
    return result
