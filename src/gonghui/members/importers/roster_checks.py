"""The roster import's checks against the database: who each row is on the roster (by ID
number), the employers and card numbers it names, identity conflicts, and what the row will
do (create, update, rejoin, transfer, conflict, unchanged)."""

from django.utils.translation import gettext as _

from gonghui.core.fields import indexer_for
from gonghui.core.scoping import subtree_q
from gonghui.core.text.punctuation import joined, labelled

from ..models import KEEPS_MEMBERSHIP, OPEN_TRANSFER, Gender, Member, MemberStatus, Transfer
from ..services import MEMBER_ORG_KINDS


class RosterChecks:
    """``check_batch`` of the roster importer and its look-ups (mixed into ``MemberImporter``)."""

    def check_batch(self, rows):
        good = [r for r in rows if r.ok]
        if not good:
            return
        org = self.ctx.org
        if org.kind not in MEMBER_ORG_KINDS or not org.is_active:
            for row in good:
                row.error(
                    self.heading("id_number"), _("会员只能导入到正常状态的基层工会或工会小组")
                )
            return
        existing = self._existing(good)
        open_transfers = (
            dict(
                Transfer.unscoped.filter(
                    member__in=[m.pk for m in existing.values()],
                    status__in=OPEN_TRANSFER,
                ).values_list("member_id", "to_org_id")
            )
            if existing
            else {}
        )
        employers = self._employers(good)
        cards = self._taken_cards(good)
        for row in good:
            self._resolve_employer(row, employers)
            member = existing.get(row.values["id_number"])
            card = row.values.get("card_number")
            if card and (
                cards.get(card, member.pk if member else None) != (member.pk if member else None)
                or self._seen_cards.setdefault(card, row.values["id_number"])
                != row.values["id_number"]
            ):
                row.error(self.heading("card_number"), _("会员证号已被其他会员使用"))
                continue
            self._decide(row, member, open_transfers)

    def _existing(self, rows):
        by_index = {}
        index_of = indexer_for(Member, "id_number")
        for r in rows:
            index = index_of(r.values["id_number"])
            r.values["id_index"] = index
            by_index[index] = r.values["id_number"]
        probe = self._prober()
        if probe is not None and not probe.any_id_index(by_index):
            return {}  # none of them is on the roster yet (the usual case of a large import)
        found = Member.unscoped.select_related("org").filter(id_number_index__in=list(by_index))
        return {by_index[m.id_number_index]: m for m in found}

    def _employers(self, rows):
        """Employers named in ``rows`` (by name or credit code), looked up once per import."""
        cache = self.__dict__.setdefault("_employer_cache", {})
        wanted = {r.values["employer"] for r in rows if r.values.get("employer")} - set(cache)
        if wanted:
            from gonghui.orgs.models import Employer

            found = Employer.unscoped.select_related("org").filter(
                subtree_q(self._employer_root(), "org__path")
            )
            for employer in found.filter(name__in=wanted) | found.filter(
                credit_code__in=[w.upper() for w in wanted]
            ):
                cache[employer.name] = employer
                cache[employer.credit_code] = employer
            for name in wanted:
                cache.setdefault(name, cache.get(name.upper()))
        return cache

    def _employer_root(self):
        # Employers of the target union and the unions above it (street, district) may be named.
        return (
            self.ctx.org.path[: self.ctx.org.steplen * 2]
            if self.ctx.org.depth > 2
            else self.ctx.org.path
        )

    def _taken_cards(self, rows):
        cards = [r.values["card_number"] for r in rows if r.values.get("card_number")]
        if not cards:
            return {}
        probe = self._prober()
        if probe is not None and not probe.any_card(cards):
            return {}
        return dict(Member.unscoped.filter(card_number__in=cards).values_list("card_number", "pk"))

    def _resolve_employer(self, row, employers):
        name = row.values.get("employer")
        if not name:
            row.values["employer"] = None
            return
        employer = employers.get(name) or employers.get(name.upper())
        if employer is None:
            row.warn(
                self.heading("employer"),
                _("系统中没有单位“{name}”，将不关联工作单位").format(name=name),
            )
        row.values["employer"] = employer

    def _decide(self, row, member, open_transfers):
        org = self.ctx.org
        if member is None:
            row.action = "create"
            return
        row.values["instance"] = member
        if member.status == MemberStatus.DECEASED:
            row.error(self.heading("id_number"), _("该身份证号的会员已登记为去世"))
        elif member.org.path.startswith(org.path) or member.status not in KEEPS_MEMBERSHIP:
            moving = not member.org.path.startswith(org.path)
            conflicts = self._conflicts(member, row.values)
            if conflicts and not self._conflicts_allowed(row):
                row.action = "conflict"
                row.values["conflicts"] = conflicts
                row.warn(
                    self.heading(conflicts[0]["field"]),
                    _("与名册中同一身份证号的会员不一致（")
                    + joined(
                        (f"{labelled(c['label'], c['before'])} → {c['after']}" for c in conflicts),
                        "semicolon",
                    )
                    + _("），勾选“更新”后才会改动，否则本行不导入"),
                )
            elif moving:
                row.action = "rejoin"
            else:
                row.action = "unchanged" if self._same(member, row.values) else "update"
            if conflicts and row.action != "conflict":
                row.values["conflicts"] = conflicts
        elif member.pk in open_transfers:
            row.action = "unchanged"
            if open_transfers[member.pk] != org.pk:
                row.error(self.heading("id_number"), _("该会员已有进行中的会籍接转，请等其办结"))
            else:
                row.warn(self.heading("id_number"), _("该会员的会籍接转申请已提交，等待原工会确认"))
        else:
            row.action = "transfer"
            row.warn(
                self.heading("id_number"),
                _("该人员已是其他工会的会员：将生成会籍接转申请，待原工会确认"),
            )

    @staticmethod
    def _conflicts(member, v):
        """Identity facts of the row that differ from the roster's member with the same ID
        number: name, birth date, sex (each ``{field, label, before, after}``, shown as text)."""
        found = []
        if v.get("name") and v["name"] != member.name:
            found.append(
                {"field": "name", "label": _("姓名"), "before": member.name, "after": v["name"]}
            )
        if v.get("birth_date") and v["birth_date"] != member.birth_date:
            found.append(
                {
                    "field": "birth_date",
                    "label": _("出生日期"),
                    "before": member.birth_date.isoformat(),
                    "after": v["birth_date"].isoformat(),
                }
            )
        if v.get("gender") and v["gender"] != member.gender:
            labels = dict(Gender.choices)
            found.append(
                {
                    "field": "gender",
                    "label": _("性别"),
                    "before": str(labels.get(member.gender, member.gender)),
                    "after": str(labels.get(v["gender"], v["gender"])),
                }
            )
        return found

    def _conflicts_allowed(self, row):
        options = getattr(self.ctx, "options", None) or {}
        return bool(options.get("update_conflicts")) or row.number in set(
            options.get("apply_conflicts") or ()
        )

    @staticmethod
    def _same(member, v):
        phone = v.get("phone") or ""
        return (
            member.name == v["name"]
            and (not v.get("ethnicity") or member.ethnicity == v["ethnicity"])
            and (not phone or member.phone == phone)
            and (not v.get("education") or member.education == v["education"])
            and (not v.get("political_status") or member.political_status == v["political_status"])
            and (not v.get("employment_form") or member.employment_form == v["employment_form"])
            and (v.get("employer") is None or member.employer_id == v["employer"].pk)
            and (not v.get("join_date") or member.join_date == v["join_date"])
            and (not v.get("card_number") or member.card_number == v["card_number"])
        )
