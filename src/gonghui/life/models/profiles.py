"""A union's public page (宣传): what it does and how to join, shown without login beside its
officials, contact details and public notices."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from gonghui.core.scoping import ScopedModel


class UnionProfile(ScopedModel):
    org = models.OneToOneField("orgs.Org", on_delete=models.PROTECT, related_name="life_profile")
    intro = models.TextField(_("工会简介（工作内容）"), max_length=2000)
    how_to_join = models.TextField(_("如何入会"), max_length=1000, blank=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("工会公开页面")

    def __str__(self):
        return str(self.org)
