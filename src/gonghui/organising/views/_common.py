"""Shapes shared by the organising pages: a form page that runs a service, a POST-only action."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from gonghui.core.forms import add_service_errors

PAGE_SIZE = 30


def page_of(request, qs):
    return Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))


def form_page(request, form, *, title, back, on_valid, intro=""):
    """Validate ``form``; on success run ``on_valid(cleaned_data)`` (a service) and go to the
    URL it returns; a service's errors land on the form."""
    if request.method == "POST" and form.is_valid():
        try:
            url = on_valid(form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("已保存"))
            return redirect(url)
    context = {"form": form, "title": title, "back": back, "intro": intro}
    return render(request, "organising/form.html", context)


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


def timeline(workflow, obj):
    """The object's workflow events as ``(at, who, what, reason)`` with Chinese labels."""
    from gonghui.core.workflow import history

    labels = {t.name: t.label for t in workflow.transitions}
    return [
        (e.at, e.actor.full_name or e.actor.username if e.actor else "", labels.get(e.transition, ""),
         e.reason)
        for e in history(obj)
    ]  # fmt: skip
