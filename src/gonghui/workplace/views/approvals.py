"""The congress vote on a draft contract, taken from the congress resolution that approved it."""

from django.urls import reverse
from django.utils.translation import gettext as _

from gonghui.core.decorators import scoped_view

from .. import forms, selectors, services
from ._common import _form_page
from .contracts import CONTRACT


@scoped_view("workplace.change_contract", lookup=CONTRACT)
def contract_resolution(request, c):
    """Link the draft to a passed resolution of its enterprise's congress: no tally typed."""
    back = reverse("workplace:contract", args=[c.pk])
    polls = {p.pk: p for p in selectors.resolutions_for(c)}
    form = forms.ResolutionForm(request.POST or None, polls=polls.values())

    def link(data):
        services.link_resolution(actor=request.user, contract=c, poll=polls[data["poll"]])
        return back

    intro = _(
        "表决结果（代表总数、出席人数、赞成、反对、弃权与法定人数）从职代会决议取得，不再手工录入。"
    )
    if not polls:
        intro = _("本单位职代会还没有已通过的决议。请先在职代会模块表决，或手工记录表决结果。")
    return _form_page(
        request,
        form,
        title=_("关联职代会决议"),
        back=back,
        intro=intro,
        on_valid=link,
        c=c,
    )
