"""The roster import's write path: new members (bulk insert, or COPY on PostgreSQL with a
background writer), updates, rejoins, transfer requests, the row log and the recount."""

import datetime

from django.db import connection
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext_noop

from gonghui.core import audit, config, crypto
from gonghui.core.fields import indexer_for
from gonghui.core.imports.base import CREATED, UNCHANGED, UPDATED
from gonghui.core.pgcopy import COPY_ESCAPES
from gonghui.core.scoping import org_in_scope
from gonghui.core.text.pinyin import name_pinyin

from .. import bulk
from ..models import (
    IMPORT_NOTE,
    EmploymentForm,
    EventKind,
    Member,
    MemberSearchKey,
    MembershipEvent,
    MemberStatus,
    Transfer,
    TransferStatus,
    event_note,
)
from ..search import copy_rows, keys_for_members
from ..services import AUDIT_FIELDS, _event, card_number_for, card_numbers
from ..tallies import retally

# Counts of the roster's own actions, beside ``CREATED``/``UPDATED``/``UNCHANGED`` (kept in
# Chinese in the job's result, translated where the page shows them).
TRANSFERRED = gettext_noop("会籍接转申请")
REJOINED = gettext_noop("重新入会")
CONFLICTED = gettext_noop("身份不一致未更新")
# the note of the events an import writes and the reason of the transfers it asks for: kept as
# the message, worded when read (``MembershipEvent.note_text``, ``Transfer.reason_text``)
IMPORTED = event_note(IMPORT_NOTE)


class RosterCommit:
    """``commit`` and ``after_commit`` of the roster importer (mixed into ``MemberImporter``)."""

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
                        reason=IMPORTED,
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
        note = IMPORTED
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
        """PostgreSQL: COPY the new members (ids reserved first) and their join events; search
        keys inline, or by a task after a very large import."""
        if not rows:
            return []
        today, now = datetime.date.today(), timezone.now()
        defer = self._defer_keys()
        lines, keys = [], []
        stamp, null = now.isoformat(), "\\N"
        # Both ciphertexts of the batch in one call each (one read of random nonces); the
        # HMACs keyed once a batch (same values as index_value and card_number_for).
        id_cipher = crypto.encrypt_many([v["id_number"] for v in rows])
        phone_cipher = crypto.encrypt_many([v.get("phone") or "" for v in rows])
        id_index = indexer_for(Member, "id_number")
        phone_index = indexer_for(Member, "phone")
        card_for = card_numbers()
        tail = f"\t{MemberStatus.ACTIVE.value}\t1\t{stamp}\t{stamp}\n"
        head = f"\t{org.pk}\t{org.path}\t"
        regular = EmploymentForm.REGULAR.value
        probe = self._prober()  # while a batch is written: ids without waiting for it
        if probe is not None:
            ids = probe.reserve_ids(len(rows))
        else:
            with connection.cursor() as wrapper:
                ids = bulk.reserve_ids(wrapper.cursor, len(rows))
        event = bulk.joined_events(actor=actor, org=org, note=IMPORTED)
        events = []
        for pk, v, id_sealed, phone_sealed in zip(ids, rows, id_cipher, phone_cipher, strict=True):
            id_number, phone, name = v["id_number"], v.get("phone") or "", v["name"]
            full, initials = name_pinyin(name)
            employer = v.get("employer")
            joined = v.get("join_date") or today
            # Only the free-text cells can hold a tab, newline or backslash (escaped with
            # COPY_ESCAPES, as copy_text does); numbers, dates, codes and ciphertexts cannot.
            lines.append(
                f"{pk}{head}{employer.pk if employer else null}\t"
                f"{name.translate(COPY_ESCAPES)}\t{full[:200].translate(COPY_ESCAPES)}\t"
                f"{initials[:50].translate(COPY_ESCAPES)}\t{v['gender']}\t"
                f"{(v.get('ethnicity') or '汉族').translate(COPY_ESCAPES)}\t"  # i18n: data
                f"{v['birth_date']}\t{id_sealed}\t{v.get('id_index') or id_index(id_number)}\t"
                f"{id_number[-6:]}\t{phone_sealed}\t{phone_index(phone)}\t"
                f"{phone[-4:]}\t{v.get('education') or ''}\t{v.get('political_status') or ''}\t"
                f"{v.get('employment_form') or regular}\t{joined}\t"
                f"{(v.get('card_number') or card_for(id_number)).translate(COPY_ESCAPES)}{tail}"
            )
            events.append(event(pk, joined))
            if not defer:
                keys.append(copy_rows(pk, name, id_number, phone))
        if self._writer is None:
            self._writer = bulk.BackgroundWriter(connection.connection)
        self._writer.submit(bulk.write_batch, "".join(lines), "".join(keys), "".join(events))
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
            note=IMPORTED,
        )
