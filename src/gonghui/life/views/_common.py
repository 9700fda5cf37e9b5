"""Shapes shared by the pages of union life."""

from django.core.exceptions import PermissionDenied

from gonghui.core import listing
from gonghui.core.decorators import Lookup
from gonghui.core.listing import run_action  # noqa: F401  (the pages' POST-only buttons)
from gonghui.core.paging import COUNT_CAP, paginate
from gonghui.core.scoping import current_scope

from ..members import member_of

PAGE_SIZE = 30
TAKE_PART = "life.take_part"


def page_of(request, qs):
    """The requested page of a staff list (bounded count, ``core/_pager.html``)."""
    return paginate(request, qs, PAGE_SIZE, cap=COUNT_CAP)


def scope_org(request):
    return request.scope.org


def form_page(request, form, *, title, back, on_valid, multipart=False, intro=""):
    """Validate ``form``; on success run ``on_valid(cleaned_data)`` (a service) and go to the
    URL it returns; a service's errors land on the form."""
    return listing.form_page(
        request, form, template="life/form.html", on_valid=on_valid,
        title=title, back=back, multipart=multipart, intro=intro,
    )  # fmt: skip


def acting_member(scope):
    """The member a scope acts as (its user's member record, when the role takes part in union
    life), else ``None`` (staff)."""
    member = member_of(scope.user)
    return member if member is not None and scope.has_perm(TAKE_PART) else None


def member_lookup(model, open_to, name):
    """The object of a member's own page (``/me/...``). A member acting as a member finds it
    among what is open to them, ``open_to(member)`` (404 otherwise); anyone else looks it up in
    scope (404 out of scope), and in scope the route's permission ``life.take_part`` answers
    403 (it is a member's page)."""

    def source():
        member = acting_member(current_scope())
        return model.objects.all() if member is None else open_to(member)

    return Lookup(source, name=name)


def the_member(request):
    member = member_of(request.user)
    if member is None:
        raise PermissionDenied
    return member
