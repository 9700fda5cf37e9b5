"""Workflows: an explicit table of states and transitions per process.

Each process declares a ``Workflow`` with its transitions; a service performs one with
``workflow.apply(obj, "approve", actor=..., reason=...)``, which checks that the transition
starts from the object's state, that the active role holds its permission and that its guard
passes, then sets the state and records a ``WorkflowEvent``. No state is set by a form field.
"""

from dataclasses import dataclass, field

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext as _

from .models import WorkflowEvent
from .scoping import current_scope


@dataclass(frozen=True)
class Transition:
    name: str
    sources: tuple
    target: str
    permission: str
    label: str
    needs_reason: bool = False
    guard: object = None  # callable(obj, actor) -> error text or None


@dataclass
class Workflow:
    state_field: str
    transitions: list = field(default_factory=list)

    def get(self, name):
        for transition in self.transitions:
            if transition.name == name:
                return transition
        raise ValidationError(_("未知的操作：{value}").format(value=name[:40]))

    def available(self, obj, actor=None):
        """Transitions that start from ``obj``'s state and that the active role may perform."""
        scope = current_scope(required=False)
        state = getattr(obj, self.state_field)
        result = []
        for t in self.transitions:
            if state not in t.sources:
                continue
            if scope is None or not scope.has_perm(t.permission):
                continue
            if t.guard is not None and actor is not None and t.guard(obj, actor):
                continue
            result.append(t)
        return result

    def blocked(self, obj, actor):
        """Transitions from ``obj``'s state that the active role may perform but whose guard
        (four eyes) refuses to ``actor``, each with the guard's reason: ``[(transition, reason)]``
        (pages show them greyed out with the reason)."""
        scope = current_scope(required=False)
        state = getattr(obj, self.state_field)
        result = []
        for t in self.transitions:
            if state not in t.sources or t.guard is None:
                continue
            if scope is None or not scope.has_perm(t.permission):
                continue
            reason = t.guard(obj, actor)
            if reason:
                result.append((t, reason))
        return result

    def check(self, obj, name, *, actor, reason=""):
        """What ``apply`` checks, without moving ``obj``: its state, the permission, the guard
        and the reason. For a service that must refuse before its own checks or work (so that
        someone who may not act learns nothing more). Returns the transition."""
        t = self.get(name)
        state = getattr(obj, self.state_field)
        if state not in t.sources:
            raise ValidationError(_("当前状态不能执行“{label}”").format(label=t.label))
        scope = current_scope(required=False)
        # The active role must hold the transition's permission.
        if scope is None or not scope.has_perm(t.permission):
            raise PermissionDenied(_("无权执行“{label}”").format(label=t.label))
        # Guards carry rules such as four eyes (the creator may not approve).
        if t.guard is not None:
            problem = t.guard(obj, actor)
            if problem:
                raise PermissionDenied(problem)
        if t.needs_reason and not reason.strip():
            raise ValidationError(_("“{label}”需要填写理由").format(label=t.label))
        return t

    def apply(self, obj, name, *, actor, reason="", data=None):
        """Move ``obj`` along transition ``name``: check, set the state, save ``obj`` and record
        the event. Call it inside the service's transaction, after setting any other fields.
        ``reason`` is what a person wrote (or the system's note in its stead, composed with
        ``core.notes.compose`` and read as ``event.reason_text``); ``data`` what the system
        notes with the step (JSON: dates, counts), which the app words when it shows the
        history, in the reader's language (never words composed now and stored)."""
        state = getattr(obj, self.state_field)
        t = self.check(obj, name, actor=actor, reason=reason)
        setattr(obj, self.state_field, t.target)
        obj.save()
        return WorkflowEvent.objects.create(
            content_type=ContentType.objects.get_for_model(type(obj)),
            object_id=str(obj.pk),
            org_path=getattr(getattr(obj, "org", None), "path", ""),
            transition=t.name,
            from_state=state,
            to_state=t.target,
            actor=actor,
            reason=reason,
            data=data or {},
        )


def history(obj):
    return WorkflowEvent.objects.filter(
        content_type=ContentType.objects.get_for_model(type(obj)), object_id=str(obj.pk)
    ).select_related("actor")


def status_is(*values):
    """A model property telling whether the row's ``status`` is one of ``values``, so that pages
    ask the model (``{% if c.is_draft %}``) instead of comparing codes:
    ``is_draft = status_is(ContractStatus.DRAFT)``."""
    return property(lambda self: self.status in values)
