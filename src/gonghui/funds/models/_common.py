from django.db import models

MONEY = {"max_digits": 14, "decimal_places": 2}


class AppendOnly(models.Model):
    """Ledger rows are written once: a correction is a reversing entry, never an edit."""

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise RuntimeError(f"{type(self).__name__} rows are append-only")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise RuntimeError(f"{type(self).__name__} rows are append-only")
