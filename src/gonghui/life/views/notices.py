"""Staff pages of notices: list, draft, attach, publish, receipts, respond, withdraw."""

from django.http import FileResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _

from gonghui.core.decorators import Lookup, scoped_view
from gonghui.core.scoping import require_perm

from .. import selectors
from ..forms import AttachmentForm, NoticeForm, ReasonForm, ReplyForm
from ..models import Notice, NoticeAttachment
from ..services import notices as services
from ._common import acting_member, form_page, member_lookup, page_of, run_action, scope_org

VIEW, PUBLISH, RESPOND = "life.view_notice", "life.publish_notice", "life.respond_notice"


@scoped_view(VIEW)
def notice_list(request):
    page = page_of(request, selectors.notices_for_staff())
    return render(request, "life/notice_list.html", {"page": page})


@scoped_view(PUBLISH)
def notice_create(request):
    org = scope_org(request)
    form = NoticeForm(request.POST or None, org=org)

    def save(data):
        notice = services.draft_notice(actor=request.user, org=org, **data)
        return reverse("life:notice", args=[notice.pk])

    return form_page(
        request, form, title=_("起草通知"), back=reverse("life:notices"), on_valid=save,
        intro=_("保存后为草稿：可添加附件，确认无误后发布。"),
    )  # fmt: skip


NOTICE = Lookup(lambda: Notice.objects.select_related("org", "created_by"), name="notice")


@scoped_view(VIEW, lookup=NOTICE)
def notice_detail(request, notice):
    services.mark_notice_read(actor=request.user, notice=notice)
    receipts, rollup = selectors.receipt_rollup(notice)
    own = selectors.own_receipt(notice)
    context = {
        "notice": notice,
        "receipts": receipts,
        "rollup": rollup,
        "own": own,
        "is_sender": notice.org_id == request.scope.org_id,
        "attachments": notice.attachments.all(),
        "attach_form": AttachmentForm(),
        "reply_form": ReplyForm(),
        "reason_form": ReasonForm(),
        "draft": notice.is_draft,
    }
    return render(request, "life/notice_detail.html", context)


@scoped_view(PUBLISH, lookup=NOTICE)
def notice_attach(request, notice):
    form = AttachmentForm(request.POST or None, request.FILES or None)
    back = reverse("life:notice", args=[notice.pk])

    def save(data):
        services.add_notice_attachment(actor=request.user, notice=notice, upload=data["file"])
        return back

    return form_page(request, form, title=_("添加附件"), back=back, on_valid=save, multipart=True)


@scoped_view(PUBLISH, lookup=NOTICE)
def notice_publish(request, notice):
    back = reverse("life:notice", args=[notice.pk])
    return run_action(
        request, lambda: services.publish_notice(actor=request.user, notice=notice), back
    )


@scoped_view(PUBLISH, lookup=NOTICE)
def notice_withdraw(request, notice):
    back = reverse("life:notice", args=[notice.pk])
    form = ReasonForm(request.POST or None)

    def save(data):
        services.withdraw_notice(actor=request.user, notice=notice, reason=data["reason"])
        return back

    return form_page(request, form, title=_("撤回通知"), back=back, on_valid=save)


@scoped_view(RESPOND, lookup=NOTICE)
def notice_respond(request, notice):
    back = reverse("life:notice", args=[notice.pk])
    form = ReplyForm(request.POST or None)

    def save(data):
        services.respond_to_notice(actor=request.user, notice=notice, reply=data["reply"])
        return back

    return form_page(request, form, title=_("回复通知"), back=back, on_valid=save)


def _member_attachments(member):
    # unscoped: what reaches the member (sent down from above), filtered by reach
    return NoticeAttachment.unscoped.filter(notice__in=selectors.notices_for_member(member))


# No permission named: members (life.take_part) and staff (life.view_notice, asked below) read it.
@scoped_view(lookup=member_lookup(NoticeAttachment, _member_attachments, "attachment"))
def attachment_download(request, attachment):
    """For staff who see the notice and for members it reached."""
    if acting_member(request.scope) is None:
        require_perm(VIEW)
    response = FileResponse(
        attachment.file.open("rb"),
        content_type=attachment.content_type,
        as_attachment=True,
        filename=attachment.original_name,
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response
