"""Helpers shared by the page modules."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from gonghui.core.decorators import scoped_view
from gonghui.core.forms import call_service
from gonghui.core.scoping import current_scope

from .. import selectors

PAGE_SIZE = 30


def _page(request, qs):
    return Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))


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
    intro="",
    multipart=False,
    template="workplace/form.html",
    extra=None,
):
    """Validate ``form``; on success run ``service(actor=request.user, **args, **cleaned_data)``
    and go to ``then(result)`` (default ``back``), or call ``on_valid(cleaned_data)`` and go to
    the URL it returns. Either way through ``call_service``: service errors land on the form."""
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        if service is not None:
            result, ok = call_service(form, service, actor=request.user, **(args or {}), **data)
            url = (then(result) if then else back) if ok else None
        else:
            url, ok = call_service(form, lambda: on_valid(data))
        if ok:
            messages.success(request, _("已保存"))
            return redirect(url)
    context = {
        "form": form,
        "title": title,
        "back": back,
        "intro": intro,
        "multipart": multipart,
        **(extra or {}),
    }
    return render(request, template, context)


def _object_action(
    permission, lookup, arg, route, form_class, title, service, *, initial=None, intro=None
):
    """A route that runs one service on its object from a form and goes back to the object's
    page: ``service(actor=..., <arg>=obj, **cleaned_data)``. ``initial``/``intro`` take the
    object."""

    @scoped_view(permission, lookup=lookup)
    def view(request, **kwargs):
        obj = kwargs[lookup.name]
        form = form_class(request.POST or None, initial=initial(obj) if initial else None)
        return _form_page(
            request,
            form,
            title=title,
            back=reverse(route, args=[obj.pk]),
            intro=intro(obj) if intro else "",
            service=service,
            args={arg: obj},
        )

    return view


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


def _int(value):
    """A whole number from a query parameter, or ``None`` (also for numbers no column holds)."""
    try:
        number = int(value)
    except (TypeError, ValueError):
        return None
    return number if -(2**31) < number < 2**31 else None


def _year(value):
    """A plausible calendar year from a query parameter, or ``None``."""
    number = _int(value)
    return number if number is not None and 1900 <= number <= 2200 else None
