"""Personal access tokens for the API: shown once, stored as SHA-256, revocable, expiring."""

import datetime
import hashlib
import secrets

from django.db import transaction
from django.utils import timezone

from . import access, audit
from .models import PersonalAccessToken
from .permissions import role_has_perm

PREFIX = "ghp_"


def hash_token(raw):
    return hashlib.sha256(raw.encode("utf-8")).hexdigest()


def create_token(*, actor, assignment, name, days=90):
    """Create a token for one of ``actor``'s role assignments. Returns (token, raw secret)."""
    if assignment.user_id != actor.id:
        raise PermissionError("a token can only be made for one's own role")
    if not role_has_perm(assignment.role, "core.manage_tokens"):
        raise PermissionError("this role is not given API tokens")
    raw = PREFIX + secrets.token_urlsafe(32)
    with transaction.atomic():
        token = PersonalAccessToken.objects.create(
            user=actor,
            assignment=assignment,
            name=name,
            prefix=raw[:10],
            token_hash=hash_token(raw),
            expires_at=timezone.now() + datetime.timedelta(days=days),
        )
        audit.record(
            actor,
            "core.token.create",
            token,
            org=assignment.org,
            extra={"name": name, "days": days},
        )
    return token, raw


def revoke_token(*, actor, token):
    if token.user_id != actor.id:
        raise PermissionError("not your token")
    with transaction.atomic():
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
        audit.record(actor, "core.token.revoke", token, org=token.assignment.org)


def authenticate_token(raw):
    """The usable token for ``raw``, or None. ``token.assignment`` is the one in force (read by
    ``access.assignment_in_force``, as sessions read theirs): an inactive assignment or one at a
    dissolved or merged org refuses the token."""
    if not raw or not raw.startswith(PREFIX):
        return None
    token = (
        PersonalAccessToken.objects.filter(token_hash=hash_token(raw))
        .select_related("user")
        .first()
    )
    if token is None or not token.is_usable or not token.user.is_active:
        return None
    assignment = access.assignment_in_force(token.user, token.assignment_id)
    if assignment is None or not role_has_perm(assignment.role, "core.manage_tokens"):
        return None
    token.assignment = assignment
    now = timezone.now()
    if token.last_used_at is None or (now - token.last_used_at).total_seconds() > 300:
        PersonalAccessToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return token
