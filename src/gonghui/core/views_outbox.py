"""The text-message outbox (``core.notify``) for district admins: what was sent, what is still
queued, what failed and why; a failed message can be sent again."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from gonghui.core.text.punctuation import joined

from . import config, notify, paging
from .decorators import Lookup, scoped_view
from .models import SmsMessage


@scoped_view("core.view_outbox")
def outbox(request):
    status = request.GET.get("status", "")
    rows = SmsMessage.objects.select_related("org")
    if status in SmsMessage.Status.values:
        rows = rows.filter(status=status)
    page = paging.paginate(request, rows, 50, cap=paging.COUNT_CAP)
    for message in page:
        try:
            message.text = notify.render(message.template_key, message.params)
        except (KeyError, IndexError, ValueError):
            message.text = ""
    return render(
        request,
        "core/outbox.html",
        {
            "page": page,
            "status": status,
            "statuses": SmsMessage.Status.choices,
            "max_attempts": config.describe("core.sms_max_attempts"),
            "can_retry": request.scope.has_perm("core.retry_sms"),
        },
    )


@require_POST
@scoped_view("core.retry_sms", lookup=Lookup(SmsMessage, name="message"))
def outbox_retry(request, message):
    try:
        notify.retry(actor=request.user, message=message)
    except ValidationError as exc:
        messages.error(request, joined(exc.messages, "semicolon"))
    else:
        messages.success(request, _("已重新加入发送队列"))
    return redirect("core:outbox")
