"""Shapes shared by the pages of union money."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from gonghui.core.forms import add_service_errors
from gonghui.orgs.models import Org

PAGE_SIZE = 50


def page_of(request, qs, size=PAGE_SIZE):
    return Paginator(qs, size).get_page(request.GET.get("page"))


def scope_org(request):
    return Org.objects.get(pk=request.scope.org_id)


def form_page(
    request,
    form,
    *,
    title,
    back,
    on_valid,
    multipart=False,
    intro="",
    template="funds/form.html",
    extra=None,
):
    """Validate ``form``; on success run ``on_valid(cleaned_data)`` (a service) and go to the
    URL it returns; a service's errors land on the form."""
    if request.method == "POST" and form.is_valid():
        try:
            url = on_valid(form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        except PermissionDenied as exc:
            form.add_error(None, str(exc) or _("无权执行此操作"))
        else:
            messages.success(request, _("已保存"))
            return redirect(url)
    context = {"form": form, "title": title, "back": back, "multipart": multipart, "intro": intro}
    return render(request, template, {**context, **(extra or {})})


def run_action(request, action, back, done=None):
    """POST-only button: run ``action()`` (a service); its refusal becomes a message."""
    if request.method == "POST":
        try:
            result = action()
        except ValidationError as exc:
            messages.error(request, "；".join(exc.messages))
        except PermissionDenied as exc:
            messages.error(request, str(exc) or _("无权执行此操作"))
        else:
            messages.success(request, done(result) if done else _("操作成功"))
    return redirect(back)
