"""A member's own page and the check of a membership card."""

import segno
from django.core import signing
from django.http import Http404
from django.shortcuts import render
from django.urls import reverse

from gonghui.core import config
from gonghui.core.decorators import scoped_view
from gonghui.core.masking import mask_name
from gonghui.core.scoping import scopes_disabled
from gonghui.orgs.selectors import serving_officials

from ..models import (
    Member,
)

# --- a member's own page ---------------------------------------------------------------------

CARD_SALT = "members.card"


@scoped_view("members.view_own")
def me(request):
    """My membership, on a phone: the electronic member card, my union and its officials, my
    history. Only the member linked to the logged-in user."""
    member = Member.unscoped.select_related("org", "employer").filter(user=request.user).first()
    if member is None:
        return render(request, "members/me.html", {"member": None})
    # Time-stamped: a screenshot of the code stops verifying (members.card_qr_minutes).
    token = signing.TimestampSigner(salt=CARD_SALT).sign(member.card_number)
    minutes = config.get("members.card_qr_minutes")
    verify_url = request.build_absolute_uri(reverse("members:card", kwargs={"token": token}))
    officials = serving_officials(member.org)
    return render(
        request,
        "members/me.html",
        {
            "member": member,
            "qr": segno.make(verify_url, error="m").svg_inline(scale=5),
            "minutes": minutes,
            "refresh_seconds": max(minutes * 60 - 30, 30),  # a new code before this one expires
            "officials": officials,
            "history": member.events.select_related("from_org", "to_org").order_by(
                "-on_date", "-id"
            ),
        },
    )


def card_check(request, token):
    """Public check of an electronic member card (the QR code on it): valid or not, with the
    masked name and the union. Nothing else about the member is shown; an expired code (a photo
    of an old card) says only that it expired."""
    minutes = config.get("members.card_qr_minutes")
    try:
        card_number = signing.TimestampSigner(salt=CARD_SALT).unsign(token, max_age=minutes * 60)
    except (signing.SignatureExpired, ValueError):
        # ValueError: a code of the old, never-expiring card (signed without a time): expired too.
        return render(request, "members/card_check.html", {"expired": True})
    except signing.BadSignature:
        raise Http404 from None
    with scopes_disabled():
        member = Member.objects.select_related("org").filter(card_number=card_number).first()
    if member is None:
        raise Http404
    return render(
        request,
        "members/card_check.html",
        {
            "name": mask_name(member.name),
            "org": member.org.name,
            "valid": member.keeps_membership,
            "status": member.get_status_display(),
        },
    )
