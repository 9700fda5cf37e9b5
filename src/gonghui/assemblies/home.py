"""Home-page figures and tasks of congresses."""

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from gonghui.core.text.punctuation import annotated

from . import selectors
from .models import Congress, Session


def figures(scope):
    if not scope.has_perm("assemblies.view_congress"):
        return []
    return [
        {
            "label": _("代表大会"),
            "value": Congress.objects.count(),
            "url": reverse("assemblies:congresses"),
        }
    ]


def tasks(scope):
    result = []
    if scope.has_perm("assemblies.manage_congress"):
        result.append(
            {
                "label": _("闭会后待报上级工会的会议"),
                "count": Session.objects.filter(status="closed", reported_on__isnull=True).count(),
                "url": reverse("assemblies:congresses"),
            }
        )
    if scope.has_perm("assemblies.act_as_delegate"):
        result.append(
            {
                "key": "assemblies-to-vote",
                "label": _("待投票的表决"),
                "items": selectors.polls_to_vote(scope.user),
                "link": lambda poll: reverse("assemblies:my_vote", args=[poll.pk]),
                "describe": lambda poll: f"{poll.session.title} · {poll.title}",
            }
        )
        result.append(
            {
                "key": "assemblies-to-check-in",
                "label": _("待签到的会议"),
                "items": selectors.sessions_to_check_in(scope.user),
                "link": lambda session: reverse("assemblies:my_session", args=[session.pk]),
                "describe": lambda s: annotated(
                    s.title, f"{timezone.localtime(s.starts_at):%Y-%m-%d %H:%M}"
                ),
            }
        )
    return result


def delegate_figures(scope):
    """A delegate's way back to the results of the votes they took part in."""
    if not scope.has_perm("assemblies.act_as_delegate"):
        return []
    if not selectors.delegacies_of(scope.user).exists():  # staff who are no delegate
        return []
    return [
        {
            "key": "my_poll_results",
            "label": _("我参加的表决结果"),
            "value": selectors.polls_voted_closed(scope.user).count(),
            "url": reverse("assemblies:my_home") + "#my-results",
        }
    ]
