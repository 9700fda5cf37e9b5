"""Scoping: the one mechanism that decides which union-owned rows a request may see.

A *scope* is the subtree of one organisation plus the role held there (a user who holds several
role assignments works in one at a time and switches). Union-owned models use ``ScopedManager``
as their default manager; it filters every query by the model's *scope rule* and raises
``ScopeError`` when no scope is active, so a forgotten scope is a crash, never a leak.

The rule is declared per model as ``scope_rule`` (default: ``OwnSubtree()`` on
``_scope_path_field``), one of:

- ``OwnSubtree(field)``: rows whose org lies in the active subtree;
- ``AncestorsVisible(field)``: those, and rows organised by an ancestor of the active org
  (district campaigns, award rounds, activities sent down);
- ``EitherSide(field_a, field_b)``: rows whose org on either side lies in the subtree (transfers);
- ``ViaParent(fk)``: rows seen wherever their parent is seen (a file's notes, a round's quotas);
- ``AnyOf(rule, ...)`` / ``Custom(fn)``: the rare combination (notices: sent or addressed).

The filter is applied lazily, when the queryset is evaluated, with the scope active *then*.

The middleware activates the scope for each request; API auth does the same for tokens; tasks
re-enter a scope with ``scope_for_assignment``; commands take ``--org``. ``scopes_disabled()``
is the rare escape hatch (public pages, migrations of data, the demo loader) and every use is
questioned in review.
"""

import operator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from functools import reduce

from django.core.exceptions import PermissionDenied
from django.db import DataError, models
from django.http import Http404

from .permissions import role_has_perm

PATH_ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"  # treebeard's MP_Node alphabet
STEPLEN = 4  # characters per level of the tree's path (``Org.steplen`` is this constant)


class ScopeError(RuntimeError):
    """A scoped model was queried with no active scope."""


@dataclass(frozen=True)
class Scope:
    """The subtree rooted at ``org_path`` as seen by ``user`` holding ``role`` there."""

    user: object
    role: str
    org_id: int
    org_path: str
    assignment_id: int | None = None
    extra: dict = field(default_factory=dict, compare=False)

    def has_perm(self, name):
        return role_has_perm(self.role, name)

    def contains_path(self, path):
        return path.startswith(self.org_path)

    @property
    def org(self):
        """The scope's own org, loaded once per scope (not once per use)."""
        if "org" not in self.extra:
            from .tree import Org

            self.extra["org"] = Org.objects.get(pk=self.org_id)
        return self.extra["org"]


class _Disabled:
    def __repr__(self):
        return "<scopes disabled>"


DISABLED = _Disabled()
_active: ContextVar = ContextVar("gonghui_scope", default=None)


def current_scope(required=True):
    """The active scope, or ``None`` (``required=False``) when there is none or it is disabled."""
    value = _active.get()
    if isinstance(value, Scope):
        return value
    if required:
        raise ScopeError("no active scope")
    return None


@contextmanager
def activate(scope):
    token = _active.set(scope)
    try:
        yield scope
    finally:
        _active.reset(token)


def set_scope(scope):
    """Activate ``scope`` until ``reset_scope(token)``; for middleware and API auth."""
    return _active.set(scope)


def reset_scope(token):
    _active.reset(token)


@contextmanager
def scopes_disabled():
    """Run without scoping. Only for public pages, the demo loader, commands and tests."""
    token = _active.set(DISABLED)
    try:
        yield
    finally:
        _active.reset(token)


def next_path(path):
    """The smallest treebeard path greater than every path that starts with ``path``.

    Returns ``None`` when there is none (a path of all 'Z'), in which case the upper bound is open.
    """
    chars = list(path)
    for i in range(len(chars) - 1, -1, -1):
        pos = PATH_ALPHABET.index(chars[i])
        if pos + 1 < len(PATH_ALPHABET):
            chars[i] = PATH_ALPHABET[pos + 1]
            return "".join(chars[: i + 1])
    return None


def ancestor_paths(path):
    """The paths of the ancestors of the org at ``path``, root first (not the org itself)."""
    return [path[:i] for i in range(STEPLEN, len(path), STEPLEN)]


def subtree_q(path, field_name="org__path"):
    """``field >= path AND field < next(path)``: one index range scan on SQLite and PostgreSQL."""
    q = models.Q(**{f"{field_name}__gte": path})
    upper = next_path(path)
    if upper is not None:
        q &= models.Q(**{f"{field_name}__lt": upper})
    return q


# --- scope rules --------------------------------------------------------------------------------


class ScopeRule:
    """What rows of a model a scope sees. ``q(path, model, prefix)`` is the filter for the scope
    rooted at ``path``; ``prefix`` (``"parent__"``) lets a child model reuse its parent's rule."""

    def q(self, path, model, prefix=""):
        raise NotImplementedError


@dataclass(frozen=True)
class OwnSubtree(ScopeRule):
    """Rows whose org (``field``, default the model's ``_scope_path_field``) is in the subtree."""

    field: str | None = None

    def q(self, path, model, prefix=""):
        return subtree_q(path, prefix + (self.field or model._scope_path_field))


@dataclass(frozen=True)
class AncestorsVisible(ScopeRule):
    """The subtree's rows and those organised by an ancestor of the scope's org (sent down)."""

    field: str | None = None

    def q(self, path, model, prefix=""):
        field = prefix + (self.field or model._scope_path_field)
        return subtree_q(path, field) | models.Q(**{f"{field}__in": ancestor_paths(path)})


@dataclass(frozen=True)
class EitherSide(ScopeRule):
    """Rows whose org on either side (``fields``: two path lookups) lies in the subtree."""

    fields: tuple = ("from_org__path", "to_org__path")

    def q(self, path, model, prefix=""):
        return reduce(operator.or_, (subtree_q(path, prefix + field) for field in self.fields))


@dataclass(frozen=True)
class ViaParent(ScopeRule):
    """Rows seen wherever their parent (the foreign key ``fk``) is seen, by the parent's rule."""

    fk: str

    def q(self, path, model, prefix=""):
        parent = model._meta.get_field(self.fk).related_model
        return scope_rule_of(parent).q(path, parent, f"{prefix}{self.fk}__")


@dataclass(frozen=True)
class AnyOf(ScopeRule):
    """Rows any of ``rules`` lets the scope see."""

    rules: tuple

    def q(self, path, model, prefix=""):
        return reduce(operator.or_, (rule.q(path, model, prefix) for rule in self.rules))


@dataclass(frozen=True)
class Custom(ScopeRule):
    """``fn(path, model, prefix) -> Q``: the rare rule the others cannot say."""

    fn: object

    def q(self, path, model, prefix=""):
        return self.fn(path, model, prefix)


def scope_rule_of(model):
    """The model's declared ``scope_rule`` (default ``OwnSubtree()``)."""
    return getattr(model, "scope_rule", None) or OwnSubtree()


def scope_q(model, path):
    """The filter ``model``'s rule applies for the scope rooted at ``path``."""
    return scope_rule_of(model).q(path, model)


class ScopedQuerySet(models.QuerySet):
    """A queryset whose scope filter is applied when it is first evaluated (or used as a
    subquery), with the scope active *then*; evaluated with no active scope, it raises
    ``ScopeError``. Building one needs no scope, so forms may declare querysets at import time.
    """

    _scope_pending = False

    @property
    def query(self):
        if self._scope_pending:
            value = _active.get()
            if value is None:
                raise ScopeError(f"{self.model.__name__} queried without an active scope")
            self._scope_pending = False
            if value is not DISABLED:
                self._query.add_q(scope_q(self.model, value.org_path))
        return models.QuerySet.query.fget(self)

    @query.setter
    def query(self, value):
        models.QuerySet.query.fset(self, value)

    def _clone(self):
        pending, self._scope_pending = self._scope_pending, False
        try:
            clone = super()._clone()
        finally:
            self._scope_pending = pending
        clone._scope_pending = pending
        return clone

    def none(self):
        clone = self._chain()
        clone._query.set_empty()
        return clone

    def in_subtree(self, path):
        return self.filter(subtree_q(path, self.model._scope_path_field))


class ScopedManager(models.Manager.from_queryset(ScopedQuerySet)):
    """Default manager of union-owned models: its querysets are limited by the model's
    ``scope_rule`` (see the module) and refuse to run without an active scope.

    The model names the lookup to its org's path as ``_scope_path_field`` (``"org__path"`` by
    default; models with a copied path such as members use ``"org_path"``).
    """

    def get_queryset(self):
        qs = super().get_queryset()
        qs._scope_pending = True
        return qs


class ScopedModel(models.Model):
    """Abstract base: ``objects`` is scoped by ``scope_rule``, ``unscoped`` is the questioned
    escape hatch (each use says why in a comment)."""

    _scope_path_field = "org__path"
    scope_rule: ScopeRule = OwnSubtree()

    objects = ScopedManager()
    unscoped = models.Manager()

    class Meta:
        abstract = True


def get_scoped_or_404(queryset, permission=None, **lookup):
    """One object through the scoped manager.

    - not found or outside the active scope: 404 (never a hint that it exists);
    - found but the active role lacks ``permission`` (or the route's permission): 403.
    """
    if isinstance(queryset, type) and issubclass(queryset, models.Model):
        queryset = queryset.objects.all()
    try:
        obj = queryset.get(**lookup)
    except (queryset.model.DoesNotExist, ValueError, TypeError, OverflowError):
        raise Http404 from None
    except DataError:  # e.g. an id beyond the column's range on PostgreSQL
        raise Http404 from None
    except queryset.model.MultipleObjectsReturned:
        raise Http404 from None
    if permission is not None:
        require_perm(permission)
    return obj


def require_perm(permission):
    """Raise 403 unless the active scope's role holds ``permission``."""
    scope = current_scope(required=False)
    # No scope (anonymous or disabled): nobody holds a permission.
    if scope is None:
        raise PermissionDenied
    # In scope but the role does not hold it: 403.
    if not scope.has_perm(permission):
        raise PermissionDenied


def org_in_scope(org):
    """True if ``org`` lies in the active scope's subtree."""
    scope = current_scope(required=False)
    return scope is not None and scope.contains_path(org.path)
