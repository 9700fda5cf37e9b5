"""PostgreSQL ``COPY … FROM STDIN`` in its text format, for the bulk write paths (roster
imports, ``gonghui seed``, funds statements and remittances): build the rows as text with
``copy_text`` and send them with ``copy``."""

import datetime

# What text needs in COPY's text format: a backslash doubled; tab, newline and carriage return
# (never wanted inside a value) as spaces. ``value.translate(COPY_ESCAPES)`` is ``copy_text``
# of a ``str``, for loops that know they have one.
COPY_ESCAPES = str.maketrans({"\\": "\\\\", "\t": " ", "\n": " ", "\r": " "})


def copy_text(value):
    """One value in COPY's text format."""
    if value is None:
        return "\\N"
    if isinstance(value, datetime.datetime):
        return value.isoformat()
    return str(value).translate(COPY_ESCAPES)


def copy(cursor, table, columns, text):
    """COPY tab-separated ``text`` into ``table``."""
    if not text:
        return
    with cursor.copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN") as stream:
        stream.write(text)
