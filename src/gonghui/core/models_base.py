"""Abstract models several apps share: groups of fields declared once, the same everywhere."""

from django.conf import settings
from django.db import models


class CreatedBy(models.Model):
    """Abstract: the login that created the record (kept: users are deactivated, never deleted)
    and when."""

    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        abstract = True
