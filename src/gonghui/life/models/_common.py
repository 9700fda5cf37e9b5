"""Managers shared by the subjects of union life."""

from django.db import models

from gonghui.core.scoping import DISABLED, ScopedManager, ScopeError, _active, subtree_q


def _scope_path(model):
    value = _active.get()
    if value is None:
        raise ScopeError(f"{model.__name__} queried without an active scope")
    return None if value is DISABLED else value.org_path


def ancestor_paths(path):
    """The paths of the ancestors of the org at ``path`` (treebeard steps of 4), root first."""
    return [path[:i] for i in range(4, len(path), 4)]


class SentDownManager(ScopedManager):
    """Activities and surveys: a scope sees what was organised in its subtree *and* what one of
    its ancestors organised (sent down to it); who may take part is decided per row."""

    def get_queryset(self):
        qs = models.QuerySet(self.model, using=self._db)
        path = _scope_path(self.model)
        if path is None:  # scopes disabled (demo, commands, tests)
            return qs
        return qs.filter(subtree_q(path) | models.Q(org__path__in=ancestor_paths(path)))


class NoticeManager(ScopedManager):
    """Notices: a scope sees those sent from its subtree and those addressed to a union in its
    subtree (a receipt row for it); a sibling sent nothing and received nothing sees none."""

    def get_queryset(self):
        qs = models.QuerySet(self.model, using=self._db)
        path = _scope_path(self.model)
        if path is None:  # scopes disabled
            return qs
        from .notices import NoticeReceipt

        addressed = NoticeReceipt.unscoped.filter(subtree_q(path)).values("notice_id")
        return qs.filter(subtree_q(path) | models.Q(pk__in=addressed))


class ThroughParentManager(ScopedManager):
    """Rows seen wherever their parent (``_parent_field``) is seen: a notice's attachments, an
    activity's photos, a survey's questions."""

    def get_queryset(self):
        qs = models.QuerySet(self.model, using=self._db)
        path = _scope_path(self.model)
        if path is None:  # scopes disabled
            return qs
        field = self.model._parent_field
        parent = self.model._meta.get_field(field).related_model
        return qs.filter(**{f"{field}__in": parent.objects.values("pk")})
