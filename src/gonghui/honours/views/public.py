"""The public notice pages (no login)."""

from django.http import Http404
from django.shortcuts import render

from gonghui.core import config, publicforms
from gonghui.core.forms import call_service

from .. import forms, selectors, services

# --- public notice (no login) -------------------------------------------------------------------


def public_index(request):
    return render(request, "honours/public_index.html", {"rounds": selectors.public_rounds()})


def public_notice(request, key):
    round_, entries = selectors.public_notice(key)
    if round_ is None:
        raise Http404
    form = forms.ObjectionForm(request.POST or None, entries=entries)
    sent = False
    # Objections per address per hour (a setting), in the shared cache; a captcha after a few.
    refused = publicforms.guard(
        request,
        form,
        "honours-objection",
        limit=config.get("honours.objections_per_hour"),
        rule=config.describe("honours.objections_per_hour"),
    )
    if refused is not None:
        return refused
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        _result, ok = call_service(
            form,
            services.raise_objection,
            nomination_id=data["nomination"],
            public_key=round_.public_key,
            text=data["text"],
            contact_name=data["contact_name"],
            contact_phone=data["contact_phone"],
        )
        if ok:
            sent = True
            form = forms.ObjectionForm(entries=entries)
            publicforms.captcha_if_due(request, form, "honours-objection")
    return render(
        request,
        "honours/public_notice.html",
        {"round": round_, "entries": entries, "form": form, "sent": sent},
    )
