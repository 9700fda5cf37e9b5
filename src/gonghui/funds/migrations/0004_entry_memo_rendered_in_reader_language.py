"""Ledger entries keep the kind of their 摘要 and its parameters (``memo_code``, ``memo_args``) so
that pages render it in the reader's language (issue 20, item 8); ``memo`` stays as written.

The entries already posted get theirs from the text they were written with (in Chinese or in
English, whichever language the poster used) and, for expenses, from the expense itself; a memo
that matches no composed form was typed by a person and stays as it is."""

import re

from django.db import migrations, models
from django.utils import translation

# The composed forms as written until now: (code, Chinese msgid); the English form is read from
# the catalogue. The funds' labels, by code.
FORMS = [
    ("dues", "%(month)s 会费"),  # i18n: data
    ("reversal", "冲正 #%(pk)s：%(reason)s"),  # i18n: data
    ("unmatch", "撤销匹配：%(reason)s #%(pk)s"),  # i18n: data
]
UNMATCH_PREFIX = "撤销匹配：%(reason)s"  # i18n: data
FUNDS = {"funds": "工会经费", "prep": "建会筹备金", "dues": "会费"}  # i18n: data
KINDS = {"transfer_down": "拨付", "transfer_up": "上解"}  # i18n: data
BATCH = 2000


def _in_english(text):
    with translation.override("en"):
        return translation.gettext(text)


def _pattern(template):
    """A regex reading the parameters back out of a ``%(name)s`` template."""
    parts = re.split(r"%\((\w+)\)s", template)
    regex = "".join(
        re.escape(part) if i % 2 == 0 else f"(?P<{part}>.*?)" for i, part in enumerate(parts)
    )
    return re.compile(f"^{regex}$", re.DOTALL)


def _patterns():
    found = []
    for code, template in FORMS:
        if code == "unmatch":  # written as the message plus " #<pk>"
            english = _in_english(UNMATCH_PREFIX) + " #%(pk)s"
        else:
            english = _in_english(template)
        found += [(code, _pattern(template)), (code, _pattern(english))]
    return found


def _funds():
    """``(label, code)`` of the funds in both languages, the longest label first."""
    labels = {}
    for code, label in FUNDS.items():
        labels[label] = code
        labels[_in_english(label)] = code
    return sorted(labels.items(), key=lambda item: -len(item[0]))


PERIOD = re.compile(r"\d{4}-\d{2}")


def _structure(entry, patterns, funds, kinds, expenses):
    """``(code, args)`` of an entry's memo, or None for a memo a person typed."""
    memo = entry.memo
    if entry.kind == "remittance":  # "<payer> <YYYY-MM> <fund label>"
        for label, code in funds:
            head, sep, tail = memo.rpartition(" " + label)
            payer, _space, period = head.rpartition(" ")
            if sep and not tail and payer and PERIOD.fullmatch(period):
                return "remittance", {"payer": payer, "period": period, "fund": code}
        return None
    if entry.kind == "expense":
        if entry.pk in expenses:
            purpose, payee = expenses[entry.pk]
            return "expense", {"purpose": purpose, "payee": payee}
        return None
    if entry.kind in kinds and memo in kinds[entry.kind]:
        return "kind", {}
    wanted = {"dues": ("dues",), "reversal": ("reversal", "unmatch")}.get(entry.kind, ())
    for code, pattern in patterns:
        if code not in wanted:
            continue
        found = pattern.match(memo)
        if found:
            args = found.groupdict()
            if "pk" in args:
                if not args["pk"].isdigit():
                    continue
                args["pk"] = int(args["pk"])
            return code, args
    return None


def fill(apps, schema_editor):
    Entry = apps.get_model("funds", "Entry")
    Expense = apps.get_model("funds", "Expense")
    patterns, funds = _patterns(), _funds()
    kinds = {kind: {label, _in_english(label)} for kind, label in KINDS.items()}
    expenses = {
        entry_id: (purpose, payee)
        for entry_id, purpose, payee in Expense._base_manager.exclude(entry=None).values_list(
            "entry_id", "purpose", "payee"
        )
    }
    rows = Entry._base_manager.filter(memo_code="").only("id", "kind", "memo").order_by("pk")
    changed = []
    for entry in rows.iterator(chunk_size=BATCH):
        found = _structure(entry, patterns, funds, kinds, expenses)
        if found:
            entry.memo_code, entry.memo_args = found
            changed.append(entry)
        if len(changed) >= BATCH:
            Entry._base_manager.bulk_update(changed, ["memo_code", "memo_args"])
            changed = []
    if changed:
        Entry._base_manager.bulk_update(changed, ["memo_code", "memo_args"])


class Migration(migrations.Migration):
    dependencies = [
        ("funds", "0003_bank_lines_for_transfer_reconciliation"),
    ]

    operations = [
        migrations.AddField(
            model_name="entry",
            name="memo_args",
            field=models.JSONField(blank=True, default=dict),
        ),
        migrations.AddField(
            model_name="entry",
            name="memo_code",
            field=models.CharField(blank=True, default="", max_length=20),
        ),
        migrations.RunPython(fill, migrations.RunPython.noop, elidable=True),
    ]
