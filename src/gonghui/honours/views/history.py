"""Honours history of a member, an employer, a union."""

from django.shortcuts import render

from gonghui.core.decorators import scoped_view
from gonghui.core.scoping import get_scoped_or_404
from gonghui.members.models import Member
from gonghui.orgs.models import Employer, Org

from .. import selectors

# --- history ------------------------------------------------------------------------------------


def _history(request, subject, rows):
    return render(request, "honours/history.html", {"subject": subject, "rows": rows})


@scoped_view("honours.view_nomination")
def history_member(request, pk):
    member = get_scoped_or_404(Member.objects.all(), "honours.view_nomination", pk=pk)
    return _history(request, member.name, selectors.history_of_member(member))


@scoped_view("honours.view_nomination")
def history_employer(request, pk):
    employer = get_scoped_or_404(Employer.objects.all(), "honours.view_nomination", pk=pk)
    return _history(request, employer.name, selectors.history_of_employer(employer))


@scoped_view("honours.view_nomination")
def history_org(request, code):
    org = get_scoped_or_404(Org.objects.visible(), "honours.view_nomination", code=code)
    return _history(request, org.name, selectors.history_of_org(org))
