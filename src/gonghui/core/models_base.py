"""Abstract models several apps share: groups of fields declared once, the same everywhere."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from gonghui.core.text.punctuation import annotated


class CreatedBy(models.Model):
    """Abstract: the login that created the record (kept: users are deactivated, never deleted)
    and when."""

    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        abstract = True


class Edited(models.Model):
    """Abstract: a record edited through forms: ``version`` refuses stale edits
    (``core.versions.require_current_version``); when it was created and last changed."""

    version = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        abstract = True


class ScorecardLine(models.Model):
    """Abstract: one line of a judges' scorecard (an honours round's, a skill contest's): scored
    0..``max_score``, weighted, shown in ``order``. Each model names its own ``name`` field."""

    weight = models.DecimalField(_("权重"), max_digits=6, decimal_places=2)
    max_score = models.DecimalField(_("满分"), max_digits=6, decimal_places=2, default=100)
    order = models.PositiveIntegerField(default=0)

    class Meta:
        abstract = True

    def __str__(self):
        return annotated(self.name, self.weight)


class Answered(models.Model):
    """Abstract: who answered a finding or an objection, and when (the answer's own wording is
    each model's)."""

    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    answered_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        abstract = True
