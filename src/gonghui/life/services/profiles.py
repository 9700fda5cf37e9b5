"""Writes on a union's public page."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from gonghui.core import audit
from gonghui.core.scoping import current_scope, require_perm

from ..models import UnionProfile


@transaction.atomic
def save_profile(*, actor, intro, how_to_join=""):
    """The scope's own union's public text (created on first save). Effects: the profile; an
    audit event with the fields that changed."""
    require_perm("life.publish_notice")
    if not intro.strip():
        raise ValidationError({"intro": _("请填写工会简介")})
    org_id = current_scope().org_id
    # unscoped: the scope's own union's row
    profile = UnionProfile.unscoped.select_for_update().filter(org_id=org_id).first()
    before = {} if profile is None else {"intro": profile.intro, "how_to_join": profile.how_to_join}
    profile = profile or UnionProfile(org_id=org_id)
    profile.intro, profile.how_to_join = intro.strip(), how_to_join.strip()
    profile.updated_by = actor
    profile.save()
    after = {"intro": profile.intro, "how_to_join": profile.how_to_join}
    changed = sorted(k for k in after if before.get(k) != after[k])
    audit.record(actor, "life.profile.save", profile, extra={"fields": changed})
    return profile
