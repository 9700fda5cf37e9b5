from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _


def validate_credit_code(raw):
    """Normalise and check a unified social credit code (GB 32100); Chinese error naming it."""
    from gonghui.core.text.uscc import check_uscc

    value, error = check_uscc(raw)
    if error:
        raise ValidationError({"credit_code": _("统一社会信用代码：{error}").format(error=error)})
    return value
