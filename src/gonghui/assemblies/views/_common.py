"""Lookups shared by the assemblies pages."""

from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils.translation import gettext as _

from gonghui.core.scoping import get_scoped_or_404
from gonghui.members.models import Member

from ..models import (
    Congress,
    Poll,
    Session,
)

VIEW = "assemblies.view_congress"
MANAGE = "assemblies.manage_congress"
RUN = "assemblies.run_poll"
DELEGATE = "assemblies.act_as_delegate"


def _congress(pk, permission=VIEW):
    return get_scoped_or_404(Congress.objects.select_related("org", "employer"), permission, pk=pk)


def _session(pk, permission=VIEW):
    return get_scoped_or_404(Session.objects.select_related("congress__org"), permission, pk=pk)


def _poll(pk, permission=VIEW):
    return get_scoped_or_404(
        Poll.objects.select_related("session__congress__org"), permission, pk=pk
    )


def _member(congress, ref):
    """One member of the congress's union (subtree) by card number or exact name."""
    ref = ref.strip()
    members = Member.objects.filter(Q(card_number=ref) | Q(name=ref)).in_subtree(congress.org.path)
    found = list(members[:2])
    if len(found) != 1:
        raise ValidationError({"member_ref": _("找不到唯一的会员：请填写会员证号")})
    return found[0]
