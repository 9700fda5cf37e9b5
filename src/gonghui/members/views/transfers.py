"""Transfers (会籍接转) between unions."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from gonghui.core import paging
from gonghui.core.decorators import Lookup, scoped_view
from gonghui.core.pages import submit
from gonghui.core.text.punctuation import joined

from .. import selectors, services
from ..forms import (
    ReasonForm,
    TransferForm,
    TransferRequestForm,
)
from ._common import MEMBER, _org_anywhere, _wf_history

# A transfer either side of which lies in scope.
TRANSFER = Lookup(selectors.transfers_in_scope, name="transfer")


@scoped_view("members.transfer_member", lookup=MEMBER)
def member_transfer(request, member):
    form = TransferForm(request.POST or None)

    def transfer(data):
        to_org = _org_anywhere(data["to_org"]) if data["to_org"] else None
        if data["to_org"] and to_org is None:
            raise ValidationError({"to_org": _("找不到该组织代码")})
        return {
            "to_org": to_org,
            "destination_text": data["destination_text"],
            "reason": data["reason"],
        }

    return submit(
        request,
        form,
        services.initiate_transfer,
        member=member,
        data=transfer,
        then=_transfer_page,
        success=_("会籍接转已发起"),
    ) or render(
        request,
        "members/transfer_form.html",
        {"form": form, "member": member, "title": _("发起会籍接转（转出）")},
    )


def _transfer_page(transfer):
    return ("members:transfer_detail", transfer.pk)


@scoped_view("members.transfer_member")
def transfer_request(request):
    form = TransferRequestForm(
        request.POST or None, initial={"to_org": request.active_assignment.org.code}
    )

    def transfer(data):
        to_org = selectors.org_by_code(data["to_org"])
        if to_org is None:
            raise ValidationError({"to_org": _("找不到该组织代码（或不在您的管理范围内）")})
        return {"id_number": data["id_number"], "to_org": to_org, "reason": data["reason"]}

    return submit(
        request,
        form,
        services.request_transfer,
        data=transfer,
        then=_transfer_page,
        success=_("已向原工会发出转会申请"),
    ) or render(request, "members/transfer_form.html", {"form": form, "title": _("申请转入会员")})


@scoped_view("members.transfer_member")
def transfer_list(request):
    status = request.GET.get("status", "open")
    transfers = selectors.transfers_in_scope(open_only=status == "open")
    pager = paging.window(request, transfers)
    return render(
        request,
        "members/transfer_list.html",
        {
            "rows": pager.rows,
            "pager": pager,
            "status": status,
            "waiting": set(
                selectors.transfers_waiting_for(request.scope).values_list("pk", flat=True)
            ),
        },
    )


@scoped_view("members.transfer_member", lookup=TRANSFER)
def transfer_detail(request, transfer):
    form = ReasonForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        action, reason = request.POST.get("action"), form.cleaned_data["reason"]
        try:
            if action == "confirm":
                services.confirm_transfer(actor=request.user, transfer=transfer)
            elif action == "withdraw":
                services.withdraw_transfer(actor=request.user, transfer=transfer, reason=reason)
            elif action == "refuse":
                services.refuse_transfer(actor=request.user, transfer=transfer, reason=reason)
            else:
                raise ValidationError(_("未知操作"))
        except (ValidationError, PermissionDenied) as exc:
            messages.error(request, joined(getattr(exc, "messages", [str(exc)]), "semicolon"))
        else:
            messages.success(request, _("已处理"))
        return redirect("members:transfer_detail", pk=transfer.pk)
    available = {t.name for t in services.TRANSFER_WF.available(transfer, request.user)}
    return render(
        request,
        "members/transfer_detail.html",
        {
            "transfer": transfer,
            "form": form,
            "history": _wf_history(transfer),
            "can_confirm": bool(available & {"accept", "release"}),
            "can_withdraw": "withdraw" in available,
            "can_refuse": "refuse" in available,
        },
    )
