"""Shapes shared by the organising pages: a form page that runs a service, a POST-only action."""

from functools import partial

from gonghui.core import pages as core_pages
from gonghui.core.pages import run_action
from gonghui.core.paging import COUNT_CAP, paginate
from gonghui.core.text.punctuation import labelled

PAGE_SIZE = 30


# A staff list's page: bounded count, ``core/_pager.html``.
page_of = partial(paginate, per_page=PAGE_SIZE, cap=COUNT_CAP)
# A page with one form: ``on_valid(cleaned_data)`` runs the service and returns the next URL.
form_page = partial(core_pages.form_page, template="organising/form.html")


def step_call(service, arg, data=lambda d: d):
    """A step's call for ``step_page``: ``service(actor=..., <arg>=obj, **data(cleaned_data))``
    (a step without a form passes no data)."""
    return lambda request, obj, d: service(actor=request.user, **{arg: obj}, **data(d))


def step_page(request, obj, step, *, back, name, intro="", form_kwargs=None):
    """One workflow step of ``obj`` from its table entry ``(label, form class or None, call)``:
    a POST-only button when the step takes no input, else a form page titled
    "<label>：<name>"; ``call(request, obj, cleaned_data)`` runs the service, then back."""
    label, form_class, call = step
    if form_class is None:
        return run_action(request, lambda: call(request, obj, {}), back)
    form = form_class(request.POST or None, **(form_kwargs or {}))

    def save(data):
        call(request, obj, data)
        return back

    return form_page(
        request, form, title=labelled(label, name), back=back, on_valid=save, intro=intro
    )


def timeline(workflow, obj):
    """The object's workflow events as ``(at, who, what, reason)`` with Chinese labels."""
    from gonghui.core.workflow import history

    labels = {t.name: t.label for t in workflow.transitions}
    return [
        (e.at, e.actor.full_name or e.actor.username if e.actor else "", labels.get(e.transition, ""),
         e.reason)
        for e in history(obj)
    ]  # fmt: skip
