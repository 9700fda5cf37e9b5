import bz2
import zipfile
from importlib import resources
from pathlib import Path

import pytest

from gonghui.core.text import build_strokes
from gonghui.core.text.build_strokes import (
    MAINLAND_MARKER,
    build,
    choose_sequence,
    main,
    read_rime_sequences,
    read_total_strokes,
)

UNIHAN = "\n".join(
    [
        "# Unihan test fixture",
        "U+4E00\tkTotalStrokes\t1",
        "U+738B\tkTotalStrokes\t4",
        "U+9648\tkTotalStrokes\t7",
        "U+9673\tkTotalStrokes\t10 11",
        "U+4E01\tkRSUnicode\t1.1",
        "U+20000\tkTotalStrokes\t7",
    ]
)

RIME = "\n".join(
    [
        "# Rime dictionary: stroke",
        "---",
        "name: stroke",
        "...",
        "",
        "一\th",
        "王\thhsh",
        "陈\tzzshzzpn",
        "陳\tzzshhsznhspn",
        "",
        f"# {MAINLAND_MARKER}，用以兼容大陸規範字形。",
        "陈\tzshzspn",
        "坏\thsh6",
    ]
)


@pytest.fixture
def sources(tmp_path):
    unihan = tmp_path / "unihan"
    unihan.mkdir()
    (unihan / "Unihan_IRGSources.txt").write_text(UNIHAN, encoding="utf-8")
    rime = tmp_path / "stroke.dict.yaml"
    rime.write_text(RIME, encoding="utf-8")
    return unihan, rime


def test_read_total_strokes_takes_the_first_value(sources):
    unihan, _ = sources
    counts = read_total_strokes(unihan)
    assert counts == {0x4E00: 1, 0x738B: 4, 0x9648: 7, 0x9673: 10, 0x20000: 7}


def test_read_total_strokes_from_bz2_and_zip(tmp_path):
    bz_dir = tmp_path / "bz"
    bz_dir.mkdir()
    with bz2.open(bz_dir / "Unihan_IRGSources.txt.bz2", "wt", encoding="utf-8") as handle:
        handle.write(UNIHAN)
    assert read_total_strokes(bz_dir)[0x9648] == 7
    archive = tmp_path / "Unihan.zip"
    with zipfile.ZipFile(archive, "w") as zipped:
        zipped.writestr("Unihan_IRGSources.txt", UNIHAN)
    assert read_total_strokes(archive)[0x9648] == 7


def test_read_rime_sequences_splits_the_two_parts(sources):
    _, rime = sources
    cns, mainland = read_rime_sequences(rime)
    assert cns == {"一": ["1"], "王": ["1121"], "陈": ["55215534"], "陳": ["552112541234"]}
    assert mainland == {"陈": ["5215234"]}  # the line with a stray "6" is skipped


@pytest.mark.parametrize(
    ("count", "mainland", "cns", "expected"),
    [
        (7, ["5215234"], ["55215534"], ("5215234", "mainland")),
        (8, ["5215234"], ["55215534"], ("55215534", "cns")),
        (7, [], ["1234521"], ("1234521", "cns")),
        (9, ["5215234"], ["55215534"], ("5215234", "mainland-length-differs")),
        (9, [], ["55215534"], ("", "none")),
        (3, [], [], ("", "none")),
    ],
)
def test_choose_sequence(count, mainland, cns, expected):
    assert choose_sequence(count, mainland, cns) == expected


def test_build_keeps_the_bmp_and_prefers_mainland_glyphs(sources):
    unihan, rime = sources
    lines, stats = build(unihan, rime)
    assert lines == ["一\t1\t1", "王\t4\t1121", "陈\t7\t5215234", "陳\t10"]
    assert stats == {"cns": 2, "mainland": 1, "none": 1}


def test_build_without_stroke_order_data(sources):
    unihan, _ = sources
    lines, stats = build(unihan, None)
    assert lines[2] == "陈\t7"
    assert stats == {"none": 4}


def test_main_writes_a_file_with_a_header(sources, tmp_path, capsys):
    unihan, rime = sources
    output = tmp_path / "out" / "strokes.txt"
    assert main(["--unihan", str(unihan), "--rime", str(rime), "--output", str(output)]) == 0
    text = output.read_text(encoding="utf-8")
    assert text.startswith("# Stroke counts")
    assert "陈\t7\t5215234\n" in text
    assert "4 characters" in capsys.readouterr().err


def test_main_fails_without_unihan(tmp_path):
    assert main(["--unihan", str(tmp_path), "--output", str(tmp_path / "x.txt")]) == 1


def test_main_to_stdout(sources, capsys):
    unihan, rime = sources
    assert main(["--unihan", str(unihan), "--rime", str(rime), "--output", "-"]) == 0
    assert "王\t4\t1121" in capsys.readouterr().out


@pytest.mark.skipif(
    not (any(build_strokes.UNIHAN_DIR.glob("Unihan*.txt*")) and build_strokes.RIME_STROKE.exists()),
    reason="Debian packages unicode-data and rime-data-stroke are not installed",
)
def test_shipped_file_is_reproducible(tmp_path):
    output = tmp_path / "strokes.txt"
    assert main(["--output", str(output)]) == 0
    shipped = resources.files("gonghui.core.text").joinpath("data/strokes.txt")
    assert output.read_text(encoding="utf-8") == shipped.read_text(encoding="utf-8")


def test_output_path_is_the_package_data_file():
    assert build_strokes.OUTPUT == Path(build_strokes.__file__).parent / "data" / "strokes.txt"
