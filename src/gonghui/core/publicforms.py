"""Public forms (no login) under abuse: submissions per address in the shared cache, a captcha
once an address has submitted a few times, length limits with a clear Chinese message on every
free text (issue 12, finding 6).

A public view calls ``guard(request, form, "<form key>", limit=...)`` right after building the
form: it adds the captcha field when the address needs one and, on POST, counts the submission;
it returns a 429 response once the address is over the limit (else ``None``). Forms call
``limit_text(form, {"field": max_chars, ...})`` for their free-text fields.
"""

from captcha.fields import CaptchaField
from django.core.validators import MaxLengthValidator
from django.shortcuts import render
from django.utils.translation import gettext as _

from . import ratelimit


def captcha_field():
    return CaptchaField(
        label=_("验证码（请计算图中算式，填写结果）"),
        error_messages={
            "invalid": _("验证码不正确，请重新计算后填写"),
            "required": _("请填写验证码"),
        },
    )


def captcha_if_due(request, form, form_key):
    """Add the captcha field to ``form`` once the address has submitted ``form_key`` often."""
    if ratelimit.captcha_required(request, form_key):
        form.fields["captcha"] = captcha_field()


def guard(request, form, form_key, *, limit, rule="", count=True):
    """Add the captcha when due; on POST count the submission; a 429 page over ``limit``.
    ``count=False`` where the service itself counts in the same bucket (members joining)."""
    captcha_if_due(request, form, form_key)
    if (
        count
        and request.method == "POST"
        and not ratelimit.public_submission(request, form_key, limit=limit)
    ):
        return render(request, "core/too_many.html", {"rule": rule}, status=429)
    return None


def limit_text(form, limits):
    """Give each named text field at most ``limits[name]`` characters, with a Chinese message
    that names the field and says how much to cut (also as the input's ``maxlength``)."""
    for name, limit in limits.items():
        field = form.fields[name]
        field.max_length = limit
        field.validators = [v for v in field.validators if not isinstance(v, MaxLengthValidator)]
        message = _("“%(label)s”最多 %(limit)s 字") % {"label": field.label, "limit": limit}
        field.validators.append(
            MaxLengthValidator(
                limit, message=message + _("，现在是 %(show_value)d 字，请删减后再提交")
            )
        )
        field.widget.attrs["maxlength"] = str(limit)
