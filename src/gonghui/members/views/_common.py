"""Helpers shared by the members pages."""

from gonghui.core.decorators import Lookup
from gonghui.orgs.models import Employer, Org

from .. import selectors, services
from ..forms import (
    FilterForm,
)
from ..models import (
    Member,
)

# A member of the roster in scope (``members:detail <pk>`` and the pages acting on one).
MEMBER = Lookup(lambda: Member.objects.select_related("org", "employer", "user"), name="member")


def _employers_for(org):
    return Employer.objects.filter(
        org__path__in=[org.path[:i] for i in range(org.steplen, len(org.path) + 1, org.steplen)]
    ).order_by("name")


def _filter_params(request):
    form = FilterForm(request.GET or None)
    params = form.params()
    params["org_obj"] = selectors.org_by_code(params.get("org"))
    return form, params


# --- transfers -----------------------------------------------------------------------------------


def _org_anywhere(code):
    """A union by code anywhere in the district: the tree's shape is not secret, and the
    receiving union of a transfer is usually outside the releasing side's scope."""
    return Org.objects.filter(code=(code or "").strip()).first()


def _wf_history(transfer):
    from gonghui.core.workflow import history

    return [
        {
            "at": e.at,
            "actor": e.actor,
            "label": services.TRANSFER_WF.get(e.transition).label,
            "reason": e.reason,
        }
        for e in history(transfer)
    ]
