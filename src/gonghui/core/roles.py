"""The roles a user can hold at an organisation. A role at an org reaches its whole subtree."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    DISTRICT_ADMIN = "district_admin", _("区总工会管理员")
    UNION_ADMIN = "union_admin", _("工会管理员")
    UNION_STAFF = "union_staff", _("工会工作人员")
    REVIEWER = "reviewer", _("审核人")
    MEMBER = "member", _("会员")


STAFF_ROLES = frozenset({Role.DISTRICT_ADMIN, Role.UNION_ADMIN, Role.UNION_STAFF, Role.REVIEWER})
ADMIN_ROLES = frozenset({Role.DISTRICT_ADMIN, Role.UNION_ADMIN})
ALL_ROLES = frozenset(Role)
