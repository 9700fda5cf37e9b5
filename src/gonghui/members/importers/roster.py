"""The roster importer (会员名册): checks, conflicts, transfers and the commit of member rows."""

import datetime
import json

from django.db import connection
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, gettext_noop

from gonghui.core import audit, config, crypto
from gonghui.core.fields import blind_index_for, index_value
from gonghui.core.imports.base import CREATED, UNCHANGED, UPDATED, Column, Importer
from gonghui.core.imports.registry import register
from gonghui.core.scoping import org_in_scope, subtree_q
from gonghui.core.text.pinyin import name_keys

from .. import bulk, vocabulary
from ..models import (
    KEEPS_MEMBERSHIP,
    OPEN_TRANSFER,
    Education,
    EmploymentForm,
    EventKind,
    Gender,
    Member,
    MemberSearchKey,
    MembershipEvent,
    MemberStatus,
    PoliticalStatus,
    Transfer,
    TransferStatus,
)
from ..search import copy_rows, keys_for_members
from ..services import (
    AUDIT_FIELDS,
    MEMBER_ORG_KINDS,
    _event,
    card_number_for,
    check_identity,
)
from ..tallies import retally
from .columns import (
    ETHNICITY_CODES,
    _codes,
    _date,
    _id_number,
    _labels,
    _phone,
)

# Counts of the roster's own actions, beside ``CREATED``/``UPDATED``/``UNCHANGED`` (kept in
# Chinese in the job's result, translated where the page shows them).
TRANSFERRED = gettext_noop("会籍接转申请")
REJOINED = gettext_noop("重新入会")
CONFLICTED = gettext_noop("身份不一致未更新")


@register
class MemberImporter(Importer):
    key = "members"
    pure_parsers = True  # dates, ID numbers and phones are read from the cell alone
    label = gettext_lazy("导入会员名册")
    permission = "members.import_members"
    action_labels = {"conflict": gettext_lazy("身份不一致（未更新）")}
    description = gettext_lazy(
        "按行登记会员：身份证号必须为 18 位文本；性别、出生日期可留空（由身份证号推出）。"
        "已是其他工会会员的人员将生成会籍接转申请，不会直接转入。"
    )
    columns = [
        Column("name", "姓名", required=True, aliases=("会员姓名", "职工姓名"), example="张伟"),
        Column(
            "id_number",
            "身份证号",
            required=True,
            parser=_id_number,
            keep_raw=True,
            aliases=("身份证号码", "公民身份号码", "证件号码", "身份证"),
            help="18 位；请把该列设为文本，避免 Excel 转成科学计数法",
            example="110101199003070038",
        ),
        Column("gender", "性别", codes=_codes(Gender), choices=("男", "女"), example="男"),
        Column("ethnicity", "民族", codes=ETHNICITY_CODES, example="汉族"),
        Column("birth_date", "出生日期", parser=_date, keep_raw=True, example="1990-03-07"),
        Column(
            "phone",
            "手机号",
            parser=_phone,
            keep_raw=True,
            aliases=("手机", "手机号码", "联系电话", "电话"),
            example="13800138000",
        ),
        Column(
            "education",
            "学历",
            codes=_codes(Education),
            choices=_labels(Education),
            aliases=("文化程度", "最高学历"),
            example="本科",
        ),
        Column(
            "political_status",
            "政治面貌",
            codes=_codes(PoliticalStatus),
            choices=_labels(PoliticalStatus),
            example="群众",
        ),
        Column(
            "employment_form",
            "用工形式",
            codes=_codes(EmploymentForm),
            choices=_labels(EmploymentForm),
            aliases=("用工性质", "用工类型", "用工方式"),
            example="劳动合同制",
        ),
        Column(
            "employer",
            "工作单位",
            aliases=("单位", "单位名称", "所在单位"),
            help="单位名称或统一社会信用代码（须已在系统中登记）",
            example="",
        ),
        Column(
            "join_date",
            "入会日期",
            parser=_date,
            keep_raw=True,
            aliases=("入会时间",),
            help="留空为导入当天",
            example="2024-05-01",
        ),
        Column("card_number", "会员证号", aliases=("会员卡号",), help="留空由系统生成", example=""),
    ]

    def __init__(self, ctx):
        super().__init__(ctx)
        self._seen_ids = {}  # normalised ID -> first row number (across batches of one run)
        self._unkeyed = []  # id ranges of new members whose search keys a task will write
        self._touched = set()  # orgs whose kept counts change (recounted once, at the end)
        self._writer = None  # PostgreSQL: writes a batch while the next one is checked
        self._probe = None  # PostgreSQL: a second connection for probes during a write
        self._seen_cards = {}  # card number given in the file -> normalised ID of its row
        self._row_log = []  # [first row, first member id, length]: the members created

    def aliases(self, column):
        """The district's alias table (setting ``members.import_value_aliases``) for this
        column; 民族 also accepts a group's name without 族 (汉 → 汉族)."""
        options = {label: code for code, label in column.codes}
        org = getattr(self.ctx, "org", None)
        table = vocabulary.aliases_for(column.label, options, org=org)
        if column.key == "ethnicity":
            for name in vocabulary.ETHNIC_GROUPS:
                table.setdefault(name.removesuffix("族"), name)  # i18n: data
        return table

    def close(self):
        """Finish the batch in flight (before the import's transaction ends, also on error)."""
        if self._probe is not None:
            probe, self._probe = self._probe, None
            probe.close()
        if self._writer is not None:
            writer, self._writer = self._writer, None
            writer.close()

    def _prober(self):
        """The probe connection while a batch is being written (``bulk.Probe``), else None."""
        if self._writer is None:
            return None
        if self._probe is None:
            self._probe = bulk.Probe(connection)
        return self._probe

    # --- per row ---------------------------------------------------------------------------

    def check_row(self, row):
        v = row.values
        if not v.get("id_number"):
            return  # required: already reported
        check, errors, warnings = check_identity(
            v["id_number"],
            gender=v.get("gender"),
            birth_date=v.get("birth_date"),
            join_date=v.get("join_date"),
        )
        for field, message in errors:
            row.error(self.heading(field), message)
        for field, message in warnings:
            row.warn(self.heading(field), message)
        if errors:
            v["id_number"] = None
            return
        v["id_number"] = check.value
        v["gender"] = check.gender
        v["birth_date"] = check.birth_date
        first = self._seen_ids.setdefault(check.value, row.number)
        if first != row.number:
            row.error(
                self.heading("id_number"),
                _("与第 {first} 行的身份证号重复").format(first=first),
            )

    # --- against the database ----------------------------------------------------------------

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
        for r in rows:
            index = blind_index_for(Member, "id_number", r.values["id_number"])
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
                    + "；".join(f"{c['label']}：{c['before']} → {c['after']}" for c in conflicts)
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

    # --- commit --------------------------------------------------------------------------------

    def commit(self, rows):
        counts = dict.fromkeys((CREATED, UPDATED, UNCHANGED, TRANSFERRED, REJOINED, CONFLICTED), 0)
        actor, org, today = self.ctx.actor, self.ctx.org, datetime.date.today()
        if not org_in_scope(org):
            return counts
        new_members, transfers, events, touched, created_rows = [], [], [], set(), []
        for row in rows:
            v = row.values
            if row.action == "create":
                new_members.append(
                    v if connection.vendor == "postgresql" else self._new_member(v, org, today)
                )
                created_rows.append(row.number)
                counts[CREATED] += 1
            elif row.action == "update":
                self._update(v["instance"], v, actor)
                touched.add(v["instance"].org_id)
                counts[UPDATED] += 1
            elif row.action == "rejoin":
                touched.add(v["instance"].org_id)
                events.append(self._rejoin(v["instance"], v, org, actor, today))
                counts[REJOINED] += 1
            elif row.action == "transfer":
                transfers.append(
                    Transfer(
                        member=v["instance"],
                        from_org=v["instance"].org,
                        to_org=org,
                        initiated_by_receiver=True,
                        status=TransferStatus.AWAITING_RELEASE,
                        reason=_("名册导入"),
                        created_by=actor,
                        new_employer=v.get("employer"),
                    )
                )
                counts[TRANSFERRED] += 1
            elif row.action == "conflict":
                counts[CONFLICTED] += 1
            else:
                counts[UNCHANGED] += 1
        if connection.vendor == "postgresql":
            self._log_created(created_rows, self._copy_new(new_members, org, actor))
            new_members = []
        else:
            Member.unscoped.bulk_create(new_members, batch_size=1000)
            self._log_created(created_rows, [m.pk for m in new_members])
        MemberSearchKey.objects.bulk_create(keys_for_members(new_members), batch_size=5000)
        note = _("名册导入")
        events += [
            _event(
                m,
                EventKind.JOIN,
                actor,
                on_date=m.join_date,
                to_status=MemberStatus.ACTIVE,
                to_org=org,
                note=note,
            )
            for m in new_members
        ]
        MembershipEvent.objects.bulk_create(events, batch_size=1000)
        Transfer.unscoped.bulk_create(transfers, batch_size=1000)
        # New members: one audit event for the job (``import.commit``, written by the caller)
        # whose row log (``job.result["row_log"]``, encrypted, kept as long as the job's file)
        # names each created member; every member still gets its own join event above.
        audit.record_many(
            actor, "members.transfer.request", transfers, org=org, extra={"source": "import"}
        )
        self._touched.update({org.pk, *touched})
        return {k: n for k, n in counts.items() if n}

    def _log_created(self, numbers, ids):
        """Append ``(row number, member id)`` pairs to the row log as runs
        ``[first row, first id, length]`` (consecutive rows given consecutive ids)."""
        runs = self._row_log
        for number, pk in zip(numbers, ids, strict=True):
            if (
                runs
                and (last := runs[-1])
                and number == last[0] + last[2]
                and pk == last[1] + last[2]
            ):
                last[2] += 1
            else:
                runs.append([number, pk, 1])

    def _defer_keys(self):
        job = getattr(self.ctx, "job", None)
        return job is not None and job.total_rows > config.get("members.import_inline_search_rows")

    def _copy_new(self, rows, org, actor):
        """PostgreSQL: COPY the new members (ids reserved first), then their join events and
        audit rows set-based; search keys inline, or by a task after a very large import."""
        if not rows:
            return []
        id_field = Member._meta.get_field("id_number")
        phone_field = Member._meta.get_field("phone")
        today, now = datetime.date.today(), timezone.now()
        defer = self._defer_keys()
        lines, keys = [], []
        esc, stamp, null = bulk.copy_text, now.isoformat(), "\\N"
        # Both ciphertexts of the batch in one call each (one read of random nonces).
        id_cipher = crypto.encrypt_many([v["id_number"] for v in rows])
        phone_cipher = crypto.encrypt_many([v.get("phone") or "" for v in rows])
        tail = f"\t{MemberStatus.ACTIVE.value}\t1\t{stamp}\t{stamp}\n"
        head = f"\t{org.pk}\t{org.path}\t"
        with connection.cursor() as wrapper:
            cursor = wrapper.cursor
            ids = bulk.reserve_ids(cursor, len(rows))
        for pk, v, id_sealed, phone_sealed in zip(ids, rows, id_cipher, phone_cipher, strict=True):
            id_number, phone, name = v["id_number"], v.get("phone") or "", v["name"]
            pinyin = name_keys(name)
            employer = v.get("employer")
            # Only the free-text cells can hold a tab, newline or backslash (escaped);
            # numbers, dates, codes and ciphertexts cannot.
            lines.append(
                f"{pk}{head}{employer.pk if employer else null}\t"
                f"{esc(name)}\t{esc(pinyin['full'][:200])}\t{esc(pinyin['initials'][:50])}\t"
                f"{v['gender']}\t{esc(v.get('ethnicity') or '汉族')}\t{v['birth_date']}\t"  # i18n: data
                f"{id_sealed}\t"
                f"{v.get('id_index') or index_value(id_field, id_number)}\t"
                f"{id_number[-6:]}\t{phone_sealed}\t{index_value(phone_field, phone)}\t"
                f"{phone[-4:]}\t{v.get('education') or ''}\t{v.get('political_status') or ''}\t"
                f"{v.get('employment_form') or EmploymentForm.REGULAR}\t"
                f"{v.get('join_date') or today}\t"
                f"{esc(v.get('card_number') or card_number_for(id_number))}{tail}"
            )
            if not defer:
                keys.append(copy_rows(pk, name, id_number, phone))
        params = bulk.joined_params(
            actor=actor, org=org, note=_("名册导入"), audit_extra=json.dumps({"source": "import"})
        )
        if self._writer is None:
            self._writer = bulk.BackgroundWriter(connection.connection)
        self._writer.submit(bulk.write_batch, "".join(lines), "".join(keys), ids, params)
        if defer:
            self._unkeyed.append((ids[0], ids[-1]))
        return ids

    def after_commit(self, job):
        """Recount the orgs the import touched (inside the import's transaction). Returns the
        follow-up to run once the job is saved: queue the search keys of a very large import."""
        self.close()
        retally(*self._touched)
        if self._row_log:
            job.result["row_log"] = {"created": self._row_log}
        if not self._unkeyed:
            return None
        from ..tasks import index_imported_members

        job.result["search_index"] = "pending"
        ranges = [list(r) for r in self._unkeyed]
        org_pk = self.ctx.org.pk
        return lambda: index_imported_members.enqueue(str(job.pk), org_pk, ranges)

    @staticmethod
    def _new_member(v, org, today):
        member = Member(
            org=org,
            name=v["name"],
            gender=v["gender"],
            birth_date=v["birth_date"],
            id_number=v["id_number"],
            phone=v.get("phone") or "",
            ethnicity=v.get("ethnicity") or "汉族",  # i18n: data
            education=v.get("education") or "",
            political_status=v.get("political_status") or "",
            employment_form=v.get("employment_form") or EmploymentForm.REGULAR,
            employer=v.get("employer"),
            join_date=v.get("join_date") or today,
            card_number=v.get("card_number") or card_number_for(v["id_number"]),
        )
        member.fill_derived()
        return member

    @staticmethod
    def _apply(member, v):
        for field in (
            "name",
            "ethnicity",
            "phone",
            "education",
            "political_status",
            "employment_form",
            "join_date",
            "card_number",
        ):
            if v.get(field):
                setattr(member, field, v[field])
        if v.get("employer") is not None:
            member.employer = v["employer"]
        for conflict in v.get("conflicts") or ():  # ticked (or update_conflicts=true)
            if conflict["field"] in ("birth_date", "gender"):
                setattr(member, conflict["field"], v[conflict["field"]])

    def _update(self, member, v, actor):
        member = Member.unscoped.select_for_update().get(pk=member.pk)
        before = audit.snapshot(member, AUDIT_FIELDS)
        self._apply(member, v)
        member.version = F("version") + 1
        member.save()
        member.refresh_from_db()
        audit.record(
            actor,
            "members.member.update",
            member,
            changes=audit.diff(before, audit.snapshot(member, AUDIT_FIELDS)),
            extra={"source": "import", "identity_conflict": bool(v.get("conflicts"))},
        )

    def _rejoin(self, member, v, org, actor, today):
        member = Member.unscoped.select_for_update().get(pk=member.pk)
        before_status, before_org = member.status, member.org
        self._apply(member, v)
        member.org, member.status = org, MemberStatus.ACTIVE
        member.version = F("version") + 1
        member.save()
        audit.record(actor, "members.member.rejoin", member, org=org, extra={"source": "import"})
        return _event(
            member,
            EventKind.REJOIN,
            actor,
            on_date=today,
            from_status=before_status,
            to_status=MemberStatus.ACTIVE,
            from_org=before_org,
            to_org=org,
            note=_("名册导入"),
        )

    def template_rows(self):
        return [
            [
                "张伟",
                "110101199003070038",
                "男",
                "汉族",
                "1990-03-07",
                "13800138000",
                "本科",
                "群众",
                "劳动合同制",
                "",
                "2024-05-01",
                "",
            ],
            [
                "李娜",
                "110101199208150023",
                "女",
                "汉族",
                "",
                "139 0013 9000",
                "大专",
                "中共党员",
                "劳务派遣",
                "",
                "2024.6.1",
                "",
            ],
        ]
