"""Shapes shared by the pages of union money (the page steps of ``core.pages``, with a
workflow's refusal shown on the page rather than answering 403)."""

from gonghui.core import pages as core_pages
from gonghui.core.paging import COUNT_CAP, paginate
from gonghui.orgs.models import Org

PAGE_SIZE = 50


def page_of(request, qs, size=PAGE_SIZE):
    return paginate(request, qs, size, cap=COUNT_CAP)


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
    return core_pages.form_page(
        request,
        form,
        template=template,
        on_valid=on_valid,
        refusals_on_form=True,
        title=title,
        back=back,
        multipart=multipart,
        intro=intro,
        **(extra or {}),
    )


def run_action(request, action, back, done=None):
    """POST-only button: run ``action()`` (a service); its refusal becomes a message."""
    return core_pages.run_action(request, action, back, done=done or core_pages.DONE, refusals=True)
