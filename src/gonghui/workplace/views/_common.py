"""Helpers shared by the page modules."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from gonghui.core.forms import add_service_errors
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
    on_valid,
    intro="",
    multipart=False,
    template="workplace/form.html",
    extra=None,
):
    """Validate ``form``; on success call ``on_valid(cleaned_data)`` (a service) and go to the
    URL it returns; service errors land on the form."""
    if request.method == "POST" and form.is_valid():
        try:
            url = on_valid(form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
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
