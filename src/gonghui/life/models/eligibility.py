"""Who may take part, by member attributes (报名条件): sex, age band, employment form (农民工,
新就业形态 …) and a chosen union or subtree inside the organiser's. Shared by activities and
courses; the checks themselves live in ``gonghui.life.eligibility``."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from gonghui.core.enums import Gender

from ..enums import AgeBand


class MemberFilters(models.Model):
    filter_gender = models.CharField(
        _("限定性别"), max_length=1, blank=True, choices=Gender.choices
    )
    filter_age = models.CharField(
        _("限定年龄段"), max_length=10, blank=True, choices=AgeBand.choices, default=AgeBand.ANY
    )
    # Employment-form codes between commas (",migrant,new_form,"): a substring test works on
    # both databases, where a JSON ``contains`` does not (SQLite).
    filter_employment = models.CharField(_("限定用工形式"), max_length=200, blank=True)
    target_org = models.ForeignKey(
        "orgs.Org",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("限定工会"),
    )

    class Meta:
        abstract = True

    @property
    def employment_codes(self):
        return [c for c in self.filter_employment.split(",") if c]

    @property
    def has_member_filters(self):
        return bool(self.filter_gender or self.filter_age or self.filter_employment)
