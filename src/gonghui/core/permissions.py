"""Named permissions and the roles that hold them.

Each app declares its permissions in its ``rules.py`` as a mapping ``"<app>.<verb>_<object>" ->
set of roles`` and registers it from ``AppConfig.ready``. Views and services name permissions;
nothing tests roles inline.
"""

from .roles import ADMIN_ROLES, ALL_ROLES, STAFF_ROLES, Role

_REGISTRY: dict[str, frozenset] = {}


def register(mapping):
    for name, roles in mapping.items():
        if name in _REGISTRY and _REGISTRY[name] != frozenset(roles):
            raise ValueError(f"permission {name} registered twice with different roles")
        _REGISTRY[name] = frozenset(roles)


def role_has_perm(role, name):
    """True if ``role`` holds permission ``name``. Unknown permissions are refused loudly."""
    try:
        return role in _REGISTRY[name]
    except KeyError:
        raise LookupError(f"unknown permission {name!r}") from None


def all_permissions():
    return dict(_REGISTRY)


CORE_PERMISSIONS = {
    "core.view_home": ALL_ROLES,
    # API tokens are for staff's integrations; a member's phone pages need none (a token would be
    # a 90-day key to the member's data in clear, made from a menu nobody there needs).
    "core.manage_tokens": STAFF_ROLES,
    "core.view_audit": {Role.DISTRICT_ADMIN},
    "core.change_settings": {Role.DISTRICT_ADMIN},
    "core.view_settings": STAFF_ROLES,
    "core.manage_users": ADMIN_ROLES,
    "core.import_data": ADMIN_ROLES | {Role.UNION_STAFF},
    "core.view_outbox": {Role.DISTRICT_ADMIN},
    "core.retry_sms": {Role.DISTRICT_ADMIN},
}
