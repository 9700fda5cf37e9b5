"""Build ``data/strokes.txt``, the stroke table behind surname stroke order (姓氏笔画).

How the shipped file was made (Debian 12)::

    apt-get install -y unicode-data rime-data-stroke
    python -m gonghui.core.text.build_strokes            # writes data/strokes.txt

Sources:

- stroke counts: Unicode's Unihan database, property ``kTotalStrokes`` (Debian package
  ``unicode-data``: /usr/share/unicode/Unihan_*.txt.bz2, or a Unihan.zip). Where two values
  are given the first is the mainland (zh-Hans) count and is the one used.
- stroke order (for the tie-break 横竖撇点折 = 1 2 3 4 5): the Rime "stroke" dictionary
  (Debian package ``rime-data-stroke``: /usr/share/rime-data/stroke.dict.yaml, LGPL-3, from
  rime/rime-stroke). Its first part follows Taiwan's CNS 11643 glyphs (阝 = 3 strokes); its
  second part, "for compatibility with Mainland China's standard glyphs", follows mainland
  glyphs. Per character the first sequence whose length equals the Unihan count is taken,
  mainland part first; else the first mainland sequence; else none (the character is then
  ordered by code point among characters of its stroke count).

Only CJK Unified Ideographs in the BMP are written (U+3400–U+4DBF, U+4E00–U+9FFF): about 28,000
characters. Rarer characters (Extension B and later) are unknown to the table and sort after all
known ones (see ``strokes.py``).

Output format, one character a line: ``<char> TAB <stroke count> [TAB <strokes as 1-5>]``.
"""

from __future__ import annotations

import argparse
import bz2
import io
import re
import sys
import zipfile
from collections.abc import Iterable, Iterator
from pathlib import Path

UNIHAN_DIR = Path("/usr/share/unicode")
RIME_STROKE = Path("/usr/share/rime-data/stroke.dict.yaml")
OUTPUT = Path(__file__).with_name("data") / "strokes.txt"
RANGES = ((0x3400, 0x4DBF), (0x4E00, 0x9FFF))
STROKE_DIGITS = str.maketrans("hspnz", "12345")
MAINLAND_MARKER = "以下詞條繼承自原碼表"

_TOTAL = re.compile(r"^U\+([0-9A-F]{4,6})\tkTotalStrokes\t(\d+)")


def _unihan_lines(source: Path) -> Iterator[str]:
    """Lines of every Unihan text file in a directory (plain or .bz2) or in a Unihan.zip."""
    if source.is_file() and source.suffix == ".zip":
        with zipfile.ZipFile(source) as archive:
            for member in archive.namelist():
                with archive.open(member) as handle:
                    yield from io.TextIOWrapper(handle, encoding="utf-8")
        return
    for path in sorted(source.glob("Unihan*.txt*")):
        opener = bz2.open if path.suffix == ".bz2" else open
        with opener(path, "rt", encoding="utf-8") as handle:
            yield from handle


def read_total_strokes(source: Path) -> dict[int, int]:
    """``{code point: mainland stroke count}`` from ``kTotalStrokes``."""
    counts: dict[int, int] = {}
    for line in _unihan_lines(source):
        match = _TOTAL.match(line)
        if match:
            counts[int(match.group(1), 16)] = int(match.group(2))
    return counts


def read_rime_sequences(path: Path) -> tuple[dict[str, list[str]], dict[str, list[str]]]:
    """``(cns, mainland)``: stroke sequences (as digits) per character, in file order."""
    cns: dict[str, list[str]] = {}
    mainland: dict[str, list[str]] = {}
    target = cns
    for line in path.read_text(encoding="utf-8").splitlines():
        if MAINLAND_MARKER in line:
            target = mainland
        parts = line.split("\t")
        if len(parts) == 2 and len(parts[0]) == 1 and re.fullmatch("[hspnz]+", parts[1]):
            target.setdefault(parts[0], []).append(parts[1].translate(STROKE_DIGITS))
    return cns, mainland


def choose_sequence(count: int, mainland: list[str], cns: list[str]) -> tuple[str, str]:
    """The stroke sequence for a character with ``count`` strokes, and where it came from."""
    for origin, candidates in (("mainland", mainland), ("cns", cns)):
        for sequence in candidates:
            if len(sequence) == count:
                return sequence, origin
    if mainland:
        return mainland[0], "mainland-length-differs"
    return "", "none"


def _code_points() -> Iterable[int]:
    for first, last in RANGES:
        yield from range(first, last + 1)


def build(unihan: Path, rime: Path | None) -> tuple[list[str], dict[str, int]]:
    """Table lines and counts of where each sequence came from."""
    counts = read_total_strokes(unihan)
    cns, mainland = read_rime_sequences(rime) if rime else ({}, {})
    lines: list[str] = []
    stats: dict[str, int] = {}
    for code in _code_points():
        if code not in counts:
            continue
        char = chr(code)
        sequence, origin = choose_sequence(counts[code], mainland.get(char, []), cns.get(char, []))
        stats[origin] = stats.get(origin, 0) + 1
        lines.append(
            f"{char}\t{counts[code]}\t{sequence}" if sequence else f"{char}\t{counts[code]}"
        )
    return lines, stats


def header(stats: dict[str, int], total: int) -> list[str]:
    """Comment lines that say what the file is and how it was made."""
    summary = ", ".join(f"{key} {value}" for key, value in sorted(stats.items()))
    return [
        "# Stroke counts and stroke order of CJK Unified Ideographs (BMP), for 姓氏笔画 order.",
        "# Made by src/gonghui/core/text/build_strokes.py (see its docstring).",
        "# Counts: Unicode Unihan kTotalStrokes, first (mainland) value; Unicode License v3.",
        "# Stroke order: Rime stroke dictionary (rime-data-stroke), LGPL-3; mainland part first.",
        "# Format: char TAB count [TAB strokes]; strokes 1 横 2 竖 3 撇 4 点 5 折.",
        f"# {total} characters; stroke order source: {summary}.",
    ]


def main(argv: list[str] | None = None) -> int:
    """Command line: write the table (``--output -`` for standard output)."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--unihan", type=Path, default=UNIHAN_DIR)
    parser.add_argument("--rime", type=Path, default=RIME_STROKE)
    parser.add_argument("--output", default=str(OUTPUT))
    args = parser.parse_args(argv)
    rime = args.rime if args.rime.exists() else None
    lines, stats = build(args.unihan, rime)
    if not lines:
        print(f"no kTotalStrokes found under {args.unihan}", file=sys.stderr)
        return 1
    text = "\n".join([*header(stats, len(lines)), *lines]) + "\n"
    if args.output == "-":
        sys.stdout.write(text)
    else:
        Path(args.output).parent.mkdir(parents=True, exist_ok=True)
        Path(args.output).write_text(text, encoding="utf-8")
    print(f"{len(lines)} characters; {stats}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
