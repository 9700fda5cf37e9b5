"""Honours history of a member, an employer, a union."""

from django.shortcuts import render

from gonghui.core.decorators import Lookup, scoped_view
from gonghui.members.models import Member
from gonghui.orgs.models import Employer, Org

from .. import selectors

# --- history ------------------------------------------------------------------------------------


def _history(request, subject, rows):
    return render(request, "honours/history.html", {"subject": subject, "rows": rows})


@scoped_view("honours.view_nomination", lookup=Lookup(Member, name="member"))
def history_member(request, member):
    return _history(request, member.name, selectors.history_of_member(member))


@scoped_view("honours.view_nomination", lookup=Lookup(Employer, name="employer"))
def history_employer(request, employer):
    return _history(request, employer.name, selectors.history_of_employer(employer))


@scoped_view(
    "honours.view_nomination",
    lookup=Lookup(lambda: Org.objects.visible(), name="org", code="code"),
)
def history_org(request, org):
    return _history(request, org.name, selectors.history_of_org(org))
