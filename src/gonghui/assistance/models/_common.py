"""Shared field settings, normalisers and abstract bases of the assistance models."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from gonghui.core.fields import BlindIndexField, EncryptedTextField, masked
from gonghui.core.masking import mask_account, mask_id_number
from gonghui.core.scoping import ScopedModel
from gonghui.core.text.idnumbers import normalize_id_number

MONEY = {"max_digits": 12, "decimal_places": 2}
PURGED_NAME = _("（个人信息已按期清除）")
USER = settings.AUTH_USER_MODEL


def normalize_account(value):
    return "".join(ch for ch in str(value) if ch.isalnum()).upper()


def _norm_id(value):
    return normalize_id_number(value) or str(value).strip().upper()


class ParentRow(ScopedModel):
    """Abstract: a row of a parent record (a hardship file, a registered worker), named by
    ``parent_field``; it carries the parent's org so the scoped manager can filter it."""

    parent_field = ""

    org = models.ForeignKey("orgs.Org", on_delete=models.PROTECT, related_name="+")

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        self.org_id = getattr(self, self.parent_field).org_id
        super().save(*args, **kwargs)


class IdNumber(models.Model):
    """Abstract: a person's ID number, encrypted, with its blind index for lookups."""

    id_number = EncryptedTextField(_("身份证号"), normalizer=_norm_id, mask=mask_id_number)
    id_number_index = BlindIndexField(source="id_number", db_index=True)

    class Meta:
        abstract = True

    id_number_masked = masked("id_number")


class BankAccount(models.Model):
    """Abstract: the bank account aid is paid to (in the person's own name), encrypted, with its
    blind index for the duplicate-account checks."""

    bank_name = models.CharField(_("开户银行"), max_length=100, blank=True)
    bank_account = EncryptedTextField(
        _("银行账号（本人名下）"), normalizer=normalize_account, mask=mask_account
    )
    bank_account_index = BlindIndexField(source="bank_account", db_index=True)

    class Meta:
        abstract = True

    bank_account_masked = masked("bank_account")
