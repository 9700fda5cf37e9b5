"""Helpers shared by the hardship-file pages."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from gonghui.core import config
from gonghui.core.decorators import Lookup, scoped_view
from gonghui.core.pages import submit
from gonghui.orgs.models import Org

from ..enums import FileStatus
from ..models import (
    HardshipFile,
)
from ..workflows import FILE_WORKFLOW, step_note

NOTICE_DAYS = "assistance.notice_working_days"
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


def file_step(
    request,
    form,
    service,
    title,
    success,
    *,
    file,
    args=None,
    note="",
    multipart=False,
    refusals=False,
):
    """A form about one hardship file: run ``service`` with ``args`` (default ``file=file``;
    e.g. ``{"objection": objection}``) and the form's values, and go back to the file's page
    with ``success``; otherwise the form page. With ``refusals`` the service's PermissionDenied
    (four eyes) shows on the form."""
    return submit(
        request,
        form,
        service,
        then=("assistance:file", file.pk),
        success=success,
        refusals_on_form=refusals,
        **(args if args is not None else {"file": file}),
    ) or _form_page(request, form, title, file, multipart=multipart, note=note)


def object_form(
    permission,
    form_class,
    service,
    title,
    success,
    *,
    lookup=_FILE,
    back=None,
    initial=None,
    note=None,
    multipart=False,
    refusals=False,
):
    """A route whose page is one form about the object ``lookup`` finds — a hardship file by
    default, or a row of one (the service takes it under the lookup's name, e.g.
    ``objection``) — whose service runs and goes back to the file's page (``file_step``), or
    to ``back(obj)`` for objects of no file (an entitlement: its cycle). ``title``,
    ``initial`` and ``note`` may be functions of the object; with ``refusals`` the service's
    PermissionDenied (four eyes) shows on the form."""

    @scoped_view(permission, lookup=lookup)
    def view(request, **kwargs):
        obj = kwargs[lookup.name]
        form = form_class(
            request.POST or None, request.FILES or None, initial=initial(obj) if initial else None
        )
        heading = title(obj) if callable(title) else title
        if back is None:
            return file_step(
                request,
                form,
                service,
                heading,
                success,
                file=obj if lookup is _FILE else obj.file,
                args={lookup.name: obj},
                note=note(obj) if note else "",
                multipart=multipart,
                refusals=refusals,
            )
        return submit(
            request,
            form,
            service,
            then=back(obj),
            success=success,
            refusals_on_form=refusals,
            **{lookup.name: obj},
        ) or _form_page(request, form, heading)

    return view


def today(field):
    """``initial`` of a form whose date ``field`` starts at today."""
    return lambda _obj: {field: timezone.localdate()}


def _saved(request, text, file):
    messages.success(request, text)
    return redirect("assistance:file", pk=file.pk)


def with_org(data, field="org_code"):
    """A form's values with the org typed by its code (``field``) in place of the code, for a
    service taking ``org``; a code outside the scope is refused on that field."""
    values = {k: v for k, v in data.items() if k != field}
    values["org"] = Org.objects.visible().filter(code=data[field].strip()).first()
    if values["org"] is None:
        raise ValidationError({field: _("找不到该组织代码（或不在您的管理范围内）")})
    return values


def timeline_rows(events, file=None):
    """The file's workflow events as lines. The notice was published for the period the setting
    gave then: that reason is read from the setting's version in force at the time, in the
    current language (the stored text is in the language of whoever published)."""
    labels = {t.name: t.label for t in FILE_WORKFLOW.transitions}
    return [
        {
            "at": e.at,
            "label": labels.get(e.transition, e.transition),
            "state": FileStatus(e.to_state).label
            if e.to_state in FileStatus.values
            else e.to_state,
            "actor": e.actor,
            "reason": config.describe(NOTICE_DAYS, file.org, at=e.at)
            if file is not None and e.transition == "publish" and e.reason
            else step_note(e),
        }
        for e in events
    ]
