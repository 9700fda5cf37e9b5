"""The member search index (``MemberSearchKey``): one row per (member, key).

Keys of a member (see ``core.text.pinyin`` for how names are read):

- every 1- and 2-character fragment of the normalised name, bare (张三丰 → 张 三 丰 张三 三丰);
- ``py:`` + full pinyin at each syllable boundary (py:zhang, py:zhangsan, py:zhangsanfeng);
  a pinyin query is a *range* on these keys (``key >= 'py:zhan' AND key < 'py:zhao'``), so a
  partial syllable (zhangs) finds zhangsan as the old ``startswith`` on the pinyin did;
- ``in:`` + initials from two letters up (in:zs, in:zsf); an initials query is one exact key
  (a single letter is covered by the pinyin range: every pinyin starts with its initial);
- ``id:`` + the last 4, 5 and 6 characters of the ID number;
- ``ph:`` + the last 4 digits of the phone number.

A 1–2 character query is one exact key; a longer one intersects its 2-character fragments
(``search_q`` then checks the name really contains the query). Every lookup is an index scan
on ``(key, member_id)``. Writers keep the keys in step: ``Member.save`` re-keys a member whose
name, ID or phone changed; bulk writers call ``keys_for_members`` / ``copy_rows``.
"""

from functools import lru_cache

from django.db import connection, transaction
from django.db.models import Count, Q

from gonghui.core.text.pinyin import fragments, normalize_name, syllables

KEY_LENGTH = 40


@lru_cache(maxsize=65536)
def name_search_keys(name):
    """The name's keys (fragments, ``py:`` pinyin prefixes, ``in:`` initials), as a tuple."""
    if not name:
        return ()
    parts = syllables(name)
    keys = set(fragments(name))
    keys.update("py:" + "".join(parts[:n]) for n in range(1, len(parts) + 1))
    initials = "".join(part[0] for part in parts if part)
    keys.update("in:" + initials[:n] for n in range(2, len(initials) + 1))
    keys.discard("py:")
    return tuple(sorted({k[:KEY_LENGTH] for k in keys if k}))


def keys_for(name, id_number, phone):
    """Every key to index for a person (a set of strings of at most 40 characters)."""
    keys = set(name_search_keys(name or ""))
    id_number = (id_number or "").strip().upper()
    if len(id_number) >= 4:
        keys.update("id:" + id_number[-n:] for n in (4, 5, 6) if len(id_number) >= n)
    digits = "".join(ch for ch in (phone or "") if ch.isdigit())
    if len(digits) >= 4:
        keys.add("ph:" + digits[-4:])
    return keys


def member_keys(member):
    return keys_for(member.name, member.id_number, member.phone)


def keys_for_members(members):
    """Unsaved ``MemberSearchKey`` rows for saved ``members`` (for ``bulk_create``)."""
    from .models import MemberSearchKey

    return [
        MemberSearchKey(member_id=m.pk, key=key) for m in members for key in sorted(member_keys(m))
    ]


def sync_member(member):
    """Replace one member's keys with the keys of its current name, ID and phone."""
    from .models import MemberSearchKey

    wanted = member_keys(member)
    have = set(MemberSearchKey.objects.filter(member_id=member.pk).values_list("key", flat=True))
    if have - wanted:
        MemberSearchKey.objects.filter(member_id=member.pk, key__in=have - wanted).delete()
    if wanted - have:
        MemberSearchKey.objects.bulk_create(
            [MemberSearchKey(member_id=member.pk, key=k) for k in sorted(wanted - have)]
        )


def member_saved(sender, instance, **kwargs):
    """post_save of ``Member``: keep its search keys in step when the name, ID or phone changed
    (or on creation). Connected in ``MembersConfig.ready``; models never import search."""
    current = instance._search_fields()
    if getattr(instance, "_search_source", None) != current and None not in current:
        sync_member(instance)
        instance._search_source = current


def copy_rows(member_id, name, id_number, phone):
    """Tab-separated COPY lines ``member_id\\tkey`` for one member (PostgreSQL bulk loads)."""
    return "".join(
        f"{member_id}\t{key}\n"
        for key in keys_for(name, id_number, phone)
        if "\t" not in key and "\\" not in key and "\n" not in key
    )


def rebuild(batch=5000, stdout=None):
    """Rebuild every member's keys (COPY on PostgreSQL, ``bulk_create`` elsewhere)."""
    from .models import Member, MemberSearchKey

    written = 0
    with transaction.atomic():
        MemberSearchKey.objects.all().delete()
        members = Member.unscoped.only("id", "name", "id_number", "phone").order_by("id")
        last = 0
        while True:
            chunk = list(members.filter(id__gt=last)[:batch])
            if not chunk:
                break
            last = chunk[-1].pk
            if connection.vendor == "postgresql":
                text = "".join(copy_rows(m.pk, m.name, m.id_number, m.phone) for m in chunk)
                with connection.cursor() as cursor:
                    raw = cursor.cursor
                    with raw.copy(
                        "COPY members_membersearchkey (member_id, key) FROM STDIN"
                    ) as copy:
                        copy.write(text)
            else:
                MemberSearchKey.objects.bulk_create(keys_for_members(chunk), batch_size=batch)
            written += len(chunk)
            if stdout is not None:
                stdout.write(f"{written} …")
    return written


# --- queries ------------------------------------------------------------------------------------


def _after(text):
    """The smallest string above every string that starts with ``text`` (for a range)."""
    return text[:-1] + chr(ord(text[-1]) + 1)


def _is_tail(upper):
    return len(upper) in (4, 5, 6) and all(c.isdigit() or c == "X" for c in upper)


def search_q(query):
    """The filter for a search box (name, pinyin, initials, ID tail, phone tail) through the
    index (see the module doc). An exact key is a join on ``(key, member_id)``, which PostgreSQL
    reads backwards in member order and stops after a page, however common the key; several
    keys or a range are a semi-join (``pk IN (…)``); a 3+ character query also checks
    ``name__contains``."""
    from .models import MemberSearchKey

    keys = MemberSearchKey.objects
    text = normalize_name(query)
    if not text:
        return Q()
    upper = text.upper()
    if _is_tail(upper):
        if len(upper) == 4 and upper.isdigit():
            wanted = keys.filter(key__in=["id:" + upper, "ph:" + upper])
            return Q(pk__in=wanted.values("member_id"))
        return Q(search_keys__key="id:" + upper)
    if text.isascii() and text.isalpha():
        return _pinyin_q(text[: KEY_LENGTH - 3])
    if len(text) <= 2:
        return Q(search_keys__key=text)
    parts = sorted(fragments(text, n=(2,)))
    having_all = (
        keys.filter(key__in=parts)
        .values("member_id")
        .annotate(n=Count("key", distinct=True))
        .filter(n=len(parts))
        .values("member_id")
    )
    return Q(pk__in=having_all) & Q(name__contains=query.strip())


def _pinyin_q(text):
    """Pinyin prefix (a range on ``py:`` keys) or initials (the ``in:`` key). One cheap probe
    first tells which of the two can match at all, so that the usual case (only one can) is a
    plain range or an exact-key join rather than an OR that the planner must read unordered."""
    from .models import MemberSearchKey

    keys = MemberSearchKey.objects
    pinyin = "py:" + text
    in_range = Q(key__gte=pinyin, key__lt=_after(pinyin))
    initials = "in:" + text if len(text) >= 2 else None
    has_pinyin = keys.filter(in_range).exists()
    has_initials = initials is not None and keys.filter(key=initials).exists()
    if has_initials and not has_pinyin:
        return Q(search_keys__key=initials)
    if has_initials:
        in_range |= Q(key=initials)
    elif not has_pinyin:
        return Q(pk__in=[])
    return Q(pk__in=keys.filter(in_range).values("member_id"))
