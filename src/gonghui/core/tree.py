"""The union tree: ``Org`` (a treebeard materialised path) and the reads of the tree.

The tree is the ground floor of scoping, so it lives in the core layer: ``core`` (scoping,
access, audit, notify) reads it without importing ``orgs``. The model keeps the app label
``orgs`` (its table, migrations and ``"orgs.Org"`` references are unchanged); ``gonghui.orgs``
holds the tree's pages and services (create, move, merge, dissolve), employers and officials.
See docs/decisions/0013-the-tree-in-the-core.md.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _
from treebeard.mp_tree import MP_Node, MP_NodeManager, MP_NodeQuerySet

from .models_base import Edited
from .scoping import STEPLEN, current_scope, subtree_q


class OrgKind(models.TextChoices):
    DISTRICT = "district", _("区总工会")
    STREET = "street", _("街道/乡镇工会")
    INDUSTRY = "industry", _("产业工会")
    GRASSROOTS = "grassroots", _("基层工会")
    JOINT = "joint", _("联合基层工会")
    AREA = "area", _("区域性工会")
    SECTOR = "sector", _("行业性工会")
    GROUP = "group", _("工会小组/分会")


GRASSROOTS_KINDS = frozenset({OrgKind.GRASSROOTS, OrgKind.JOINT, OrgKind.AREA, OrgKind.SECTOR})
# Unions that cover several (often small) employers; their members carry their real employer.
MULTI_EMPLOYER_KINDS = frozenset({OrgKind.JOINT, OrgKind.AREA, OrgKind.SECTOR})


class OrgStatus(models.TextChoices):
    ACTIVE = "active", _("正常")
    MERGED = "merged", _("已合并")
    DISSOLVED = "dissolved", _("已撤销")


class OrgQuerySet(MP_NodeQuerySet):
    def in_subtree(self, path):
        return self.filter(subtree_q(path, "path"))

    def visible(self):
        """Organisations in the active scope's subtree (the scoped read of the tree)."""
        return self.in_subtree(current_scope().org_path)

    def active(self):
        return self.filter(status=OrgStatus.ACTIVE)

    def update(self, **kwargs):
        """Writes to orgs (dissolving, merging, moving a subtree, renaming) bump the role stamps
        of the users holding assignments at them: a request acts on the org as it is now.
        Counting children (``numchild``, treebeard's bookkeeping) changes nothing a scope
        reads."""
        if set(kwargs) - {"numchild"}:
            from .access import roles_changed_at

            roles_changed_at(self.values("pk"))
        return super().update(**kwargs)


class OrgManager(MP_NodeManager.from_queryset(OrgQuerySet)):
    def get_queryset(self):
        return OrgQuerySet(self.model).order_by("path")


class Org(MP_Node, Edited):
    """A union at any level of the tree. The tree's shape (names of ancestors) is not secret;
    what an org holds is reached only through ``Org.objects.visible()`` and scoped models."""

    steplen = STEPLEN
    node_order_by = None

    kind = models.CharField(_("类型"), max_length=20, choices=OrgKind.choices)
    code = models.CharField(_("组织代码"), max_length=30, unique=True)
    name = models.CharField(_("名称"), max_length=100, db_index=True)
    short_name = models.CharField(_("简称"), max_length=50, blank=True)
    status = models.CharField(
        _("状态"), max_length=20, choices=OrgStatus.choices, default=OrgStatus.ACTIVE
    )
    established_on = models.DateField(_("成立日期"), null=True, blank=True)
    merged_into = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("并入"),
    )
    closed_on = models.DateField(_("撤销/合并日期"), null=True, blank=True)
    close_reason = models.CharField(_("撤销/合并原因"), max_length=200, blank=True)
    address = models.CharField(_("地址"), max_length=200, blank=True)
    contact_phone = models.CharField(_("联系电话"), max_length=30, blank=True)

    objects = OrgManager()

    class Meta:
        app_label = "orgs"
        verbose_name = _("工会组织")
        verbose_name_plural = _("工会组织")

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        adding = self._state.adding
        super().save(*args, **kwargs)
        if not adding:
            from .access import roles_changed_at

            roles_changed_at([self.pk])

    @property
    def is_grassroots(self):
        return self.kind in GRASSROOTS_KINDS

    @property
    def is_active(self):
        return self.status == OrgStatus.ACTIVE
