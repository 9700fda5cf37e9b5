"""The one way the platform writes spreadsheets: text stays text (issue 12, finding 3).

A cell whose text starts with ``=``, ``+``, ``-`` or ``@`` (or a tab or carriage return) becomes a
live formula when a spreadsheet program opens a file written naively, so a title typed into a
public form (``=HYPERLINK(...)``) would run on the reviewer's machine. Every exporter builds its
workbook with ``workbook(buffer)`` (xlsxwriter with ``strings_to_formulas`` and
``strings_to_urls`` off: every ``str`` is written as a string cell, never a formula or link) and
every CSV goes through ``csv_writer`` (cells that would start a formula are prefixed with ``'``,
the convention spreadsheet programs show as text).
"""

import csv

import xlsxwriter
from django.utils.functional import Promise
from xlsxwriter.worksheet import Worksheet

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")

SAFE_OPTIONS = {
    "strings_to_formulas": False,
    "strings_to_urls": False,
    "strings_to_numbers": False,
}


class _TextSheet(Worksheet):
    """A worksheet that writes translated (lazy) labels as the text of the page's language."""

    def _write(self, row, col, *args):
        if args and isinstance(args[0], Promise):
            args = (str(args[0]), *args[1:])
        return super()._write(row, col, *args)

    def write_string(self, row, col, string, *args, **kwargs):
        return super().write_string(row, col, str(string), *args, **kwargs)


class _Workbook(xlsxwriter.Workbook):
    worksheet_class = _TextSheet

    def add_worksheet(self, name=None, worksheet_class=None):
        return super().add_worksheet(None if name is None else str(name), worksheet_class)


def workbook(target, **options):
    """An ``xlsxwriter.Workbook`` writing to ``target`` (a path or a BytesIO) in memory, with
    strings never turned into formulas or links. ``options`` add to xlsxwriter's options
    (e.g. ``constant_memory``, ``default_date_format``) but cannot turn the guards off.
    Translated labels (``gettext_lazy``) are written as text in the active language."""
    merged = {"in_memory": True, **options, **SAFE_OPTIONS}
    return _Workbook(target, merged)


def neutralise(value):
    """The cell value as text that no spreadsheet will read as a formula."""
    if isinstance(value, Promise):
        value = str(value)
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


class _SafeWriter:
    def __init__(self, writer):
        self._writer = writer

    def writerow(self, row):
        return self._writer.writerow([neutralise(cell) for cell in row])

    def writerows(self, rows):
        for row in rows:
            self.writerow(row)


def csv_writer(stream, **kwargs):
    """A ``csv.writer`` on ``stream`` whose cells never start a formula."""
    return _SafeWriter(csv.writer(stream, **kwargs))
