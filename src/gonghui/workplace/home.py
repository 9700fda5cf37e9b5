"""Home-page figures and tasks: contracts to renew, filings and publications overdue, questions
waiting for an answer."""

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from gonghui.core import home

from . import policy, selectors
from .models import ContractStatus


def figures(scope):
    if not scope.has_perm("workplace.view_contract"):
        return []
    # the one source of the figure: the annual return's 有效集体合同 reads the same selector
    return [
        {
            "key": "contracts_in_force",
            "label": _("有效集体合同"),
            "value": selectors.contracts_in_effect(scope.org_path).count(),
            "url": reverse("workplace:contracts"),
        }
    ]


def tasks(scope):
    result = []
    if scope.has_perm("workplace.view_contract"):
        from .models import Contract

        today = timezone.localdate()
        url = reverse("workplace:contracts")
        for days in policy.reminder_thresholds():
            result.append(
                {
                    "label": _("{days} 天内到期的集体合同").format(days=days),
                    "count": selectors.expiring_contracts(days, today).count(),
                    "url": f"{url}?alert=expiring&within={days}",
                }
            )
        result.append(
            {
                "label": _("逾期未报送审查的集体合同"),
                "count": Contract.objects.filter(
                    status=ContractStatus.SIGNED, filing_due__lt=today
                ).count(),
                "url": f"{url}?alert=filing_overdue",
            }
        )
        result.append(
            {
                "label": _("逾期未向职工公布的集体合同"),
                "count": Contract.objects.filter(
                    status=ContractStatus.IN_FORCE, published_on=None, publish_due__lt=today
                ).count(),
                "url": f"{url}?alert=publish_overdue",
            }
        )
    if scope.has_perm("workplace.answer_question"):
        result.append(
            {
                "label": _("逾期未答复的厂务公开询问/异议"),
                "count": selectors.overdue_questions().count(),
                "url": reverse("workplace:questions") + "?show=overdue",
            }
        )
    return result


home.register_figures(figures)
home.register_tasks(tasks)
