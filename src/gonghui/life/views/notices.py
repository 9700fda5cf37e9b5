"""Staff pages of notices: list, draft, attach, publish, receipts, respond, withdraw."""

from django.http import FileResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from gonghui.core.decorators import Lookup, scoped_view
from gonghui.core.pages import object_button_route, object_form_route
from gonghui.core.scoping import require_perm

from .. import selectors
from ..forms import AttachmentForm, NoticeForm, ReasonForm, ReplyForm
from ..models import Notice, NoticeAttachment
from ..services import notices as services
from ._common import acting_member, created_page, member_lookup, page_of, scope_org

VIEW, PUBLISH, RESPOND = "life.view_notice", "life.publish_notice", "life.respond_notice"


@scoped_view(VIEW)
def notice_list(request):
    page = page_of(request, selectors.notices_for_staff())
    return render(request, "life/notice_list.html", {"page": page})


@scoped_view(PUBLISH)
def notice_create(request):
    org = scope_org(request)
    form = NoticeForm(request.POST or None, org=org)
    return created_page(
        request, form, title=_("起草通知"), list_route="life:notices", detail_route="life:notice",
        create=lambda data: services.draft_notice(actor=request.user, org=org, **data),
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


def _notice_form(permission, form_class, title, call, **kwargs):
    """A form on the notice's page: ``call(request, notice, data)``, then back to it."""
    return object_form_route(
        permission, NOTICE, route="life:notice", form_class=form_class, title=title, call=call,
        template="life/form.html", **kwargs,
    )  # fmt: skip


notice_attach = _notice_form(
    PUBLISH, AttachmentForm, gettext_lazy("添加附件"),
    lambda r, n, d: services.add_notice_attachment(actor=r.user, notice=n, upload=d["file"]),
    multipart=True,
)  # fmt: skip
notice_publish = object_button_route(
    PUBLISH, NOTICE, route="life:notice",
    call=lambda r, n: services.publish_notice(actor=r.user, notice=n),
)  # fmt: skip
notice_withdraw = _notice_form(
    PUBLISH, ReasonForm, gettext_lazy("撤回通知"),
    lambda r, n, d: services.withdraw_notice(actor=r.user, notice=n, reason=d["reason"]),
)  # fmt: skip
notice_respond = _notice_form(
    RESPOND, ReplyForm, gettext_lazy("回复通知"),
    lambda r, n, d: services.respond_to_notice(actor=r.user, notice=n, reply=d["reply"]),
)  # fmt: skip


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
