"""Helpers shared by the hardship-file pages."""

from django.contrib import messages
from django.shortcuts import redirect, render

from gonghui.core.decorators import Lookup

from ..enums import FileStatus
from ..models import (
    HardshipFile,
)
from ..workflows import FILE_WORKFLOW

_FILE = Lookup(
    lambda: HardshipFile.objects.select_related("org", "applicant", "reviewed_by", "created_by"),
    name="file",
)


def _form_page(request, form, title, file=None, back=None, multipart=False, note=""):
    return render(
        request,
        "assistance/form.html",
        {
            "form": form,
            "title": title,
            "file": file,
            "back": back,
            "multipart": multipart,
            "note": note,
        },
    )


def _saved(request, text, file):
    messages.success(request, text)
    return redirect("assistance:file", pk=file.pk)


def timeline_rows(events):
    labels = {t.name: t.label for t in FILE_WORKFLOW.transitions}
    return [
        {
            "at": e.at,
            "label": labels.get(e.transition, e.transition),
            "state": FileStatus(e.to_state).label
            if e.to_state in FileStatus.values
            else e.to_state,
            "actor": e.actor,
            "reason": e.reason,
        }
        for e in events
    ]
