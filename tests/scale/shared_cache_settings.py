"""Settings of the multi-process tests' servers and workers: the production settings, with the
default cache made a shared one if the production default is still per-process memory.

Several app servers must share login throttles and rate limits (docs/deployment.md): production
uses Redis (``GONGHUI_REDIS_URL``) or the database cache. When the default is already shared
this module changes nothing."""

from gonghui.settings import *  # noqa: F403
from gonghui.settings import CACHES

if CACHES["default"]["BACKEND"].endswith("LocMemCache"):
    CACHES["default"] = {
        "BACKEND": "django.core.cache.backends.db.DatabaseCache",
        "LOCATION": "gonghui_test_shared_cache",
    }
