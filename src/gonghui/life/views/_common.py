"""Shapes shared by the pages of union life."""

from functools import partial

from django.core.exceptions import PermissionDenied
from django.urls import reverse

from gonghui.core import pages as core_pages
from gonghui.core.decorators import Lookup
from gonghui.core.pages import run_action  # noqa: F401  (the pages' POST-only buttons)
from gonghui.core.paging import COUNT_CAP, paginate
from gonghui.core.scoping import current_scope

from ..members import member_of

PAGE_SIZE = 30
TAKE_PART = "life.take_part"


# A staff list's page: bounded count, ``core/_pager.html``.
page_of = partial(paginate, per_page=PAGE_SIZE, cap=COUNT_CAP)
# A page with one form: ``on_valid(cleaned_data)`` runs the service and returns the next URL.
form_page = partial(core_pages.form_page, template="life/form.html")


def created_page(request, form, *, title, list_route, detail_route, create, intro=""):
    """A form that creates an object: ``create(cleaned_data)`` (a service) returns it, then its
    page (``detail_route``); back leads to the list (``list_route``)."""
    back = reverse(list_route)
    return form_page(
        request, form, title=title, back=back, intro=intro,
        on_valid=lambda data: reverse(detail_route, args=[create(data).pk]),
    )  # fmt: skip


def scope_org(request):
    return request.scope.org


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
