"""Home-page tasks of the portal: correction requests waiting for an answer."""

from django.urls import reverse
from django.utils.translation import gettext as _

from .models import CorrectionRequest, CorrectionStatus


def tasks(scope):
    if not scope.has_perm("portal.answer_corrections"):
        return []
    return [
        {
            "label": _("待答复的信息更正请求"),
            "count": CorrectionRequest.objects.filter(status=CorrectionStatus.OPEN).count(),
            "url": reverse("portal:corrections"),
        }
    ]
