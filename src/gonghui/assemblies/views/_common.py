"""Lookups shared by the assemblies pages."""

from django.core.exceptions import ValidationError
from django.db.models import Q
from django.shortcuts import render
from django.utils.translation import gettext as _

from gonghui.core.decorators import Lookup
from gonghui.members.models import Member

from .. import forms, services
from ..models import (
    Congress,
    Delegate,
    Document,
    Poll,
    Proposal,
    Session,
)

VIEW = "assemblies.view_congress"
MANAGE = "assemblies.manage_congress"
RUN = "assemblies.run_poll"
DELEGATE = "assemblies.act_as_delegate"


# The objects of the routes (looked up in scope before the view runs: 404, then 403).
CONGRESS = Lookup(lambda: Congress.objects.select_related("org", "employer"), name="congress")
SESSION = Lookup(lambda: Session.objects.select_related("congress__org"), name="session")
POLL = Lookup(lambda: Poll.objects.select_related("session__congress__org"), name="poll")
PROPOSAL = Lookup(
    lambda: Proposal.objects.select_related("congress", "delegate__member"), name="proposal"
)
DELEGATE_ROW = Lookup(
    lambda: Delegate.objects.select_related("congress__org", "member"), name="delegate"
)
# A document is seen wherever its session is.
DOCUMENT = Lookup(
    lambda: Document.objects.select_related("session__congress__org").filter(
        session__in=Session.objects.all()
    ),
    name="document",
)


def _form_page(request, form, title, congress=None, **extra):
    return render(
        request,
        "assemblies/form.html",
        {"form": form, "congress": congress, "title": title, **extra},
    )


def _member(congress, ref):
    """One member of the congress's union (subtree) by card number or exact name."""
    ref = ref.strip()
    members = Member.objects.filter(Q(card_number=ref) | Q(name=ref)).in_subtree(congress.org.path)
    found = list(members[:2])
    if len(found) != 1:
        raise ValidationError({"member_ref": _("找不到唯一的会员：请填写会员证号")})
    return found[0]


def _receipt_check(request, poll):
    """The receipt form and whether the code it carries was counted in ``poll`` (``None``: not
    asked). POST, not GET: a receipt code in a URL would reach access logs beside the user's
    address."""
    receipt = forms.ReceiptForm(request.POST or None)
    counted = None
    if receipt.is_valid():
        counted = services.receipt_counted(poll, receipt.cleaned_data["code"])
    return receipt, counted
