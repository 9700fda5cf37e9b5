"""Model fields for personal data: encrypted values and their blind indexes.

``EncryptedTextField`` keeps the clear value on the instance and writes only ciphertext to the
database. ``BlindIndexField(source=...)`` fills itself from the clear value of its source field on
every save (bulk_create included), so exact lookups and uniqueness work without decryption::

    id_number = EncryptedTextField(normalizer=normalize_id_number)
    id_number_index = BlindIndexField(source="id_number", unique=True)

    Member.objects.filter(id_number_index=blind_index_for(Member, "id_number", "3201..."))
"""

import json

from django.core.serializers.json import DjangoJSONEncoder
from django.db import models

from . import crypto


def _identity(value):
    return value


class EncryptedTextField(models.TextField):
    """Text encrypted at rest with AES-GCM. Never used in filters other than ``isnull``."""

    sensitive = True

    def __init__(self, *args, normalizer=None, mask=None, **kwargs):
        self.normalizer = normalizer or _identity
        self.mask = mask
        kwargs.setdefault("blank", True)
        kwargs.setdefault("default", "")
        super().__init__(*args, **kwargs)

    def deconstruct(self):
        name, _path, args, kwargs = super().deconstruct()
        kwargs.pop("default", None)
        kwargs.pop("blank", None)
        return name, "gonghui.core.fields.EncryptedTextField", args, kwargs

    def from_db_value(self, value, expression, connection):
        if not value:
            return ""
        return crypto.decrypt(value)

    def get_prep_value(self, value):
        value = super().get_prep_value(value)
        if value is None or value == "":
            return ""
        return crypto.encrypt(str(value))


class EncryptedJSONField(EncryptedTextField):
    """JSON (dicts, lists) encrypted at rest like ``EncryptedTextField``: e.g. an import job's
    rows, which hold the full ID and phone numbers of a roster. Python-side only (never
    filtered on). Rows written before the field was encrypted (clear JSON) still read."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("default", dict)
        super().__init__(*args, **kwargs)

    def deconstruct(self):
        name, _path, args, kwargs = super().deconstruct()
        kwargs["default"] = self.default
        return name, "gonghui.core.fields.EncryptedJSONField", args, kwargs

    def from_db_value(self, value, expression, connection):
        if value is None or value == "":
            return self.get_default()
        if isinstance(value, dict | list):  # a database that still parses it as JSON
            return value
        text = value if value[:1] in ("{", "[") else crypto.decrypt(value)
        return json.loads(text)

    def to_python(self, value):
        if isinstance(value, str) and value:
            return self.from_db_value(value, None, None)
        return value

    def get_prep_value(self, value):
        if value is None:
            return ""
        return crypto.encrypt(json.dumps(value, ensure_ascii=False, cls=DjangoJSONEncoder))


class BlindIndexField(models.CharField):
    """HMAC of the normalised clear value of ``source``; empty when the source is empty."""

    def __init__(self, *args, source=None, **kwargs):
        self.source = source
        kwargs.setdefault("max_length", 32)
        kwargs.setdefault("editable", False)
        kwargs.setdefault("blank", True)
        kwargs.setdefault("default", "")
        super().__init__(*args, **kwargs)

    def deconstruct(self):
        name, _path, args, kwargs = super().deconstruct()
        kwargs["source"] = self.source
        for key in ("max_length", "editable", "blank", "default"):
            kwargs.pop(key, None)
        return name, "gonghui.core.fields.BlindIndexField", args, kwargs

    def pre_save(self, model_instance, add):
        value = index_value(
            model_instance._meta.get_field(self.source), getattr(model_instance, self.source)
        )
        setattr(model_instance, self.attname, value)
        return value


def index_value(source_field, clear):
    """The blind index a clear value gets in ``source_field``'s index ('' for empty)."""
    if not clear:
        return ""
    normalized = source_field.normalizer(clear)
    purpose = f"{source_field.model._meta.label_lower}.{source_field.name}"
    return crypto.blind_index(normalized, purpose)


def indexer_for(model, field_name):
    """``blind_index_for(model, field_name, clear)`` as a function of ``clear``, for many
    values (bulk imports: the field is looked up and the HMAC keyed once)."""
    field = model._meta.get_field(field_name)
    index = crypto.blind_indexer(f"{field.model._meta.label_lower}.{field.name}")
    normalize = field.normalizer
    return lambda clear: index(normalize(clear)) if clear else ""


def blind_index_for(model, field_name, clear):
    """The blind index to filter ``model`` by for the clear value of ``field_name``."""
    return index_value(model._meta.get_field(field_name), clear)


def masked(field_name):
    """A read-only property: the clear value of the encrypted field ``field_name`` as pages show
    it unless revealed, through the field's own ``mask`` (``phone_masked = masked("phone")``)."""

    def get(obj):
        return obj._meta.get_field(field_name).mask(getattr(obj, field_name))

    return property(get)


def sensitive_field_names(model):
    return {f.name for f in model._meta.concrete_fields if getattr(f, "sensitive", False)}
