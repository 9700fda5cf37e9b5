"""Rebuild the shipped CJK font subset (GonghuiSansSC-{Regular,Bold}.otf).

Not imported at run time; kept so the font files can be reproduced and extended.

Source: Noto Sans CJK SC 2.004 from Debian's ``fonts-noto-cjk`` package, and the
``kTGH`` field of Unihan from Debian's ``unicode-data`` package. Do NOT ``apt-get
install`` them on a machine that runs the tests (a system-wide CJK font would
hide a broken @font-face); unpack them into a scratch directory instead::

    mkdir /tmp/fontsrc && cd /tmp/fontsrc
    apt-get download fonts-noto-cjk unicode-data
    for d in *.deb; do dpkg-deb -x "$d" ext; done
    python src/gonghui/core/fonts/build_subset.py /tmp/fontsrc/ext src/gonghui/core/fonts

Character set: all of GB 2312 (levels 1 and 2, symbols), the Table of General
Standard Chinese Characters (通用规范汉字表, 8105 characters, Unihan ``kTGH``, which
covers many name characters outside GB 2312), ASCII, Latin-1 (¥ ° ± ×), general
punctuation, CJK symbols and punctuation, full-width forms (￥ ，。：；（）),
enclosed numbers (①), Roman numerals (Ⅻ), arrows, geometric shapes and check
marks. Layout features: fontTools' defaults without ``locl`` (which would pull in
the Japanese, Korean and Traditional glyph variants and double the size).

The family is renamed "Gonghui Sans SC" (PostScript GonghuiSansSC-Regular/-Bold):
a subset is a Modified Version under the SIL OFL 1.1, and the distinct name keeps
it from being confused with an installed full Noto Sans CJK SC.
"""

from __future__ import annotations

import bz2
import sys
from pathlib import Path

from fontTools import subset
from fontTools.ttLib import TTCollection

TTC = "usr/share/fonts/opentype/noto/NotoSansCJK-{weight}.ttc"
UNIHAN = "usr/share/unicode/Unihan_OtherMappings.txt.bz2"
FAMILY = "Gonghui Sans SC"
SOURCE_NOTE = (
    "Subset of Noto Sans CJK SC 2.004 (Debian fonts-noto-cjk 1:20220127+repack1-1): "
    "GB 2312, Table of General Standard Chinese Characters (Unihan kTGH), ASCII, "
    "Latin-1 and common punctuation. Renamed as a Modified Version under the SIL OFL 1.1."
)


def gb2312_chars() -> set[int]:
    out = set()
    for hi in range(0xA1, 0xF8):
        for lo in range(0xA1, 0xFF):
            try:
                out.add(ord(bytes([hi, lo]).decode("gb2312")))
            except UnicodeDecodeError:
                pass
    return out


def tgh_chars(unihan_other_mappings: Path) -> set[int]:
    out = set()
    with bz2.open(unihan_other_mappings, "rt", encoding="utf-8") as f:
        for line in f:
            parts = line.split("\t")
            if len(parts) >= 2 and parts[1] == "kTGH":
                out.add(int(parts[0][2:], 16))
    return out


def extra_chars() -> set[int]:
    r = set(range(0x20, 0x7F)) | set(range(0xA0, 0x100))  # ASCII, Latin-1 (¥ ° ± × ÷ ·)
    r |= set(range(0x2010, 0x2028)) | set(range(0x2030, 0x203C))  # – — ‘ ’ “ ” … ‰ ※
    r |= set(range(0x2100, 0x2190))  # ℃ № ™ Ⅰ..Ⅻ
    r |= set(range(0x2190, 0x2200))  # arrows
    r |= {0x2212, 0x2215, 0x221A, 0x221E, 0x2260, 0x2264, 0x2265}  # − ∕ √ ∞ ≠ ≤ ≥
    r |= set(range(0x2460, 0x2500))  # ① ⑴ ⒈ Ⓐ
    r |= set(range(0x25A0, 0x2600))  # ■ □ ▲ △ ○ ● ◎
    r |= {ord(c) for c in "★☆☐☑☒✓✔✗✘"}
    r |= set(range(0x3000, 0x3040))  # 、 。 〇 《 》 【 】 〔 〕
    r |= set(range(0x3200, 0x3300))  # ㈠ ㊣
    r |= {0x30FB}  # ・
    r |= set(range(0xFE30, 0xFE50))  # vertical and small forms
    r |= set(range(0xFF01, 0xFF5F)) | set(range(0xFFE0, 0xFFE7))  # ， ： ； （ ） ￥
    return r


def build(src_root: Path, weight: str, out_path: Path, chars: set[int]) -> None:
    coll = TTCollection(str(src_root / TTC.format(weight=weight)))
    font = next(f for f in coll.fonts if f["name"].getDebugName(6) == f"NotoSansCJKsc-{weight}")
    opts = subset.Options()
    opts.layout_features = [f for f in opts.layout_features if f != "locl"]
    opts.name_IDs = ["*"]
    opts.name_languages = ["*"]
    opts.notdef_outline = True
    opts.hinting = False
    sub = subset.Subsetter(opts)
    sub.populate(unicodes=chars)
    sub.subset(font)

    ps_name = f"GonghuiSansSC-{weight}"
    full_name = FAMILY if weight == "Regular" else f"{FAMILY} {weight}"
    name = font["name"]
    version = name.getDebugName(5).split(";")[0]
    for name_id in (1, 2, 3, 4, 6, 10, 16, 17, 18, 21, 22):
        name.removeNames(nameID=name_id)
    name.setName(FAMILY, 1, 3, 1, 0x409)
    name.setName(weight, 2, 3, 1, 0x409)
    name.setName(f"{ps_name};{version}", 3, 3, 1, 0x409)
    name.setName(full_name, 4, 3, 1, 0x409)
    name.setName(ps_name, 6, 3, 1, 0x409)
    name.setName(SOURCE_NOTE, 10, 3, 1, 0x409)
    cff = font["CFF "].cff
    cff.fontNames = [ps_name]
    top = cff.topDictIndex[0]
    top.FullName = full_name
    top.FamilyName = FAMILY
    if hasattr(top, "CIDFontName"):
        top.CIDFontName = ps_name
    font.save(str(out_path))
    print(f"{out_path}: {len(font.getBestCmap())} characters, {font['maxp'].numGlyphs} glyphs")


def main(argv: list[str]) -> int:
    if len(argv) != 3:
        print(__doc__)
        return 2
    src_root, out_dir = Path(argv[1]), Path(argv[2])
    chars = gb2312_chars() | tgh_chars(src_root / UNIHAN) | extra_chars()
    for weight in ("Regular", "Bold"):
        build(src_root, weight, out_dir / f"GonghuiSansSC-{weight}.otf", chars)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
