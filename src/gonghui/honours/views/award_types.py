"""Pages of award types."""

from django.core.exceptions import PermissionDenied
from django.shortcuts import render
from django.utils.translation import gettext as _

from gonghui.core import config
from gonghui.core.decorators import Lookup, scoped_view
from gonghui.core.pages import submit
from gonghui.core.text.punctuation import joined

from .. import forms, selectors, services
from ._common import _form_page

# --- award types ----------------------------------------------------------------------------------


@scoped_view("honours.view_award_type")
def award_type_list(request):
    rows = [
        {"type": t, "can_edit": selectors.can_manage_award_type(t)}
        for t in selectors.award_types_visible().order_by("org__path", "name")
    ]
    return render(
        request,
        "honours/award_types.html",
        {"rows": rows, "can_create": request.scope.has_perm("honours.manage_award_type")},
    )


@scoped_view("honours.manage_award_type")
def award_type_create(request):
    form = forms.AwardTypeForm(
        request.POST or None,
        initial={
            "org": request.scope.org_id,
            "min_frontline_pct": config.get("honours.frontline_min_pct"),
            "max_heads_pct": config.get("honours.heads_max_pct"),
            "is_active": True,
        },
    )
    note = joined(
        (config.describe(k) for k in ("honours.frontline_min_pct", "honours.heads_max_pct")),
        "semicolon",
    )
    return submit(
        request,
        form,
        services.create_award_type,
        then="honours:award_types",
        success=_("已设立奖项"),
    ) or _form_page(request, form, _("设立奖项"), "honours:award_types", note)


@scoped_view(
    "honours.manage_award_type",
    lookup=Lookup(lambda: selectors.award_types_visible(), name="award_type"),
)
def award_type_edit(request, award_type):
    # Visible (an ancestor's award) but organised above the scope: not editable here.
    if not selectors.can_manage_award_type(award_type):
        raise PermissionDenied
    initial = {name: getattr(award_type, name) for name in services.AWARD_TYPE_FIELDS}
    initial["version"] = award_type.version
    form = forms.AwardTypeForm(request.POST or None, initial=initial, editing=True)
    return submit(
        request,
        form,
        services.update_award_type,
        award_type=award_type,
        then="honours:award_types",
        success=_("已保存奖项"),
    ) or _form_page(
        request,
        form,
        _("修改奖项：%(name)s") % {"name": award_type.display_name},
        "honours:award_types",
        _("设立单位：%(org)s") % {"org": award_type.org.name},
    )
