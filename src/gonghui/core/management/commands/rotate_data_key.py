"""Re-encrypt every encrypted field with the current data key.

To rotate: put a new key first in GONGHUI_DATA_KEYS (keep the old ones after it), or run with
``--new-key`` when keys live in the key file; then this command re-encrypts all rows, after
which the old key can be dropped. Blind indexes do not change (their key is separate).
"""

import json
import secrets

from django.apps import apps
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from gonghui.core import crypto
from gonghui.core.fields import EncryptedTextField


def encrypted_models():
    for model in apps.get_models():
        fields = [f for f in model._meta.concrete_fields if isinstance(f, EncryptedTextField)]
        if fields:
            yield model, fields


class Command(BaseCommand):
    help = "Re-encrypt all personal data with the current data key (key rotation)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--new-key",
            action="store_true",
            help="add a new key to the key file and make it current first",
        )
        parser.add_argument("--batch", type=int, default=1000)

    def handle(self, *args, new_key=False, batch=1000, **options):
        if new_key:
            self._add_key_to_file()
        current = crypto.keyring().current
        for model, fields in encrypted_models():
            names = [f.name for f in fields]
            done = 0
            manager = model._base_manager
            pks = list(manager.order_by("pk").values_list("pk", flat=True))
            for start in range(0, len(pks), batch):
                with transaction.atomic():
                    rows = list(manager.filter(pk__in=pks[start : start + batch]))
                    manager.bulk_update(rows, names)  # get_prep_value encrypts with `current`
                done += len(rows)
            self.stdout.write(f"{model._meta.label}: {done} 行已用密钥 {current} 重新加密")

    def _add_key_to_file(self):
        if settings.DATA_KEYS:
            raise CommandError("keys come from GONGHUI_DATA_KEYS: put the new key first there")
        path = settings.DATA_KEY_FILE
        config = json.loads(path.read_text(encoding="utf-8"))
        kid = f"k{len(config['data_keys']) + 1}-{secrets.token_hex(2)}"
        config["data_keys"][kid] = crypto._b64(secrets.token_bytes(32))
        config["current"] = kid
        path.write_text(json.dumps(config, indent=2), encoding="utf-8")
        crypto.reset_keyring()
        self.stdout.write(f"新密钥 {kid} 已设为当前密钥")
