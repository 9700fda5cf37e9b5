"""Helpers shared by the page modules."""

from functools import partial

from django.utils import timezone

from gonghui.core import pages as core_pages
from gonghui.core.pages import int_param, object_form_route, year_param
from gonghui.core.paging import COUNT_CAP, paginate
from gonghui.core.scoping import current_scope

from .. import selectors

PAGE_SIZE = 30


# A list's page: bounded count, ``core/_pager.html``.
_page = partial(paginate, per_page=PAGE_SIZE, cap=COUNT_CAP)


def _form_page(
    request,
    form,
    *,
    title,
    back,
    service=None,
    args=None,
    then=None,
    on_valid=None,
    template="workplace/form.html",
    **context,
):
    """Validate ``form``; on success run ``service(actor=request.user, **args, **cleaned_data)``
    and go to ``then(result)`` (default ``back``), or call ``on_valid(cleaned_data)`` and go to
    the URL it returns. Either way through ``call_service``: service errors land on the form.
    ``context`` (``intro``, ``multipart``, ...) goes to the template."""
    if service is not None:

        def on_valid(data):
            result = service(actor=request.user, **(args or {}), **data)
            return then(result) if then else back

    return core_pages.form_page(
        request, form, template=template, on_valid=on_valid, title=title, back=back, **context
    )


def _object_action(
    permission, lookup, arg, route, form_class, title, service, *, initial=None, intro=None
):
    """A route that runs one service on its object from a form and goes back to the object's
    page: ``service(actor=..., <arg>=obj, **cleaned_data)``. ``initial``/``intro`` take the
    object."""
    return object_form_route(
        permission, lookup, route=route, form_class=form_class, title=title,
        call=lambda request, obj, data: service(actor=request.user, **{arg: obj}, **data),
        template="workplace/form.html", initial=initial, intro=intro,
    )  # fmt: skip


def _today_initial(field):
    return lambda obj: {field: timezone.localdate()}


def _scope_org(request):
    return request.scope.org


def _for_role(qs, employer_field="employer_id"):
    """Staff reach their scope; anyone else only their own employer's rows, so that a worker of
    employer X gets 404 (not 403) on employer Y's objects even inside the same union."""
    if selectors.is_staff_scope():
        return qs
    scope = current_scope()
    member = selectors.member_of(scope.user)
    if member is None or member.employer_id is None:
        return qs.none()
    return qs.filter(**{employer_field: member.employer_id})


_int, _year = int_param, year_param
