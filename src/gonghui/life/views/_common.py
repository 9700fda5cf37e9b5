"""Shapes shared by the pages of union life."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from gonghui.core.forms import call_service
from gonghui.core.scoping import get_scoped_or_404

from ..members import member_of

PAGE_SIZE = 30


def page_of(request, qs):
    return Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))


def scope_org(request):
    return request.scope.org


def form_page(request, form, *, title, back, on_valid, multipart=False, intro=""):
    """Validate ``form``; on success run ``on_valid(cleaned_data)`` (a service) and go to the
    URL it returns; a service's errors land on the form."""
    if request.method == "POST" and form.is_valid():
        url, ok = call_service(form, lambda: on_valid(form.cleaned_data))
        if ok:
            messages.success(request, _("已保存"))
            return redirect(url)
    context = {"form": form, "title": title, "back": back, "multipart": multipart, "intro": intro}
    return render(request, "life/form.html", context)


def run_action(request, action, back):
    """POST-only button: run ``action()`` (a service); its refusal becomes a message."""
    if request.method == "POST":
        try:
            action()
        except ValidationError as exc:
            messages.error(request, "；".join(exc.messages))
        else:
            messages.success(request, _("操作成功"))
    return redirect(back)


def member_object(request, member_qs, scoped_qs, pk):
    """A member page's object: for a member, from what is open to them (404 otherwise); for
    anyone else, 404 if out of scope and 403 if in it (it is a member's page)."""
    member = member_of(request.user)
    # A member acting as a member: only what targets them.
    if member is not None and request.scope.has_perm("life.take_part"):
        return member, get_object_or_404(member_qs(member), pk=pk)
    # Not a member: out of scope is 404 (the lookup), in scope is 403.
    get_scoped_or_404(scoped_qs, pk=pk)
    raise PermissionDenied


def the_member(request):
    member = member_of(request.user)
    if member is None:
        raise PermissionDenied
    return member
