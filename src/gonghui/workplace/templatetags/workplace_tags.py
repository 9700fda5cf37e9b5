from django import template

register = template.Library()


@register.filter
def can(request, permission):
    """``{% if request|can:"workplace.change_contract" %}``: the active role holds it."""
    scope = getattr(request, "scope", None)
    return scope is not None and scope.has_perm(permission)
