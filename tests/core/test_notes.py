"""core.notes: a note the system composes is kept as its message and parameters and worded in
the reader's language; anything else reads as stored."""

import pytest
from django.utils import translation

from gonghui.core import notes
from gonghui.members.models import Member

# messages the English catalogue has
TRANSFERRED = "转往：{destination}"
EDITED = "修改：{fields}"
JOINED = "入会"


def _in(language, stored, **kwargs):
    with translation.override(language):
        return notes.word(stored, **kwargs)


def test_a_composed_note_reads_in_each_readers_language():
    with translation.override("zh-hans"):  # written by a Chinese page: no words are kept
        stored = notes.compose(TRANSFERRED, destination="外省某公司工会")
    assert stored == '\x1e["转往：{destination}",{"destination":"外省某公司工会"}]'
    assert _in("en", stored) == "Transferred to: 外省某公司工会"
    assert _in("zh-hans", stored) == "转往：外省某公司工会"


def test_a_note_without_parameters_reads_in_each_language():
    with translation.override("en"):
        stored = notes.compose(JOINED)
    assert (_in("zh-hans", stored), _in("en", stored)) == ("入会", "Joined")


def test_field_names_read_as_the_models_labels():
    stored = notes.compose(EDITED, fields=["name", "phone", "gone_since"])
    assert _in("en", stored, labels_from=Member) == "Changed: Full name, Mobile number, gone_since"
    assert _in("zh-hans", stored, labels_from=Member) == "修改：姓名、手机号、gone_since"


def test_a_parameter_with_braces_is_shown_as_it_is():
    stored = notes.compose(TRANSFERRED, destination="{reason} 工会 {0}")
    assert _in("en", stored) == "Transferred to: {reason} 工会 {0}"


def test_a_parameter_that_is_a_composed_note_is_worded_too():
    stored = notes.compose(
        "转往：{destination}；{reason}", destination="乙工会", reason=notes.compose("名册导入")
    )
    assert _in("en", stored) == "Transferred to: 乙工会; Roster import"


@pytest.mark.parametrize(
    "typed",
    [
        "随车间整体入会",
        "入会",  # the words of a message, typed
        '["入会",{}]',  # the stored form without its mark
        '["转往：{destination}",{"destination":"x"}]',
        "转往：{destination}",
        "{",
        "\x1e",
        "\x1enot json",
        '\x1e["入会"]',
        '\x1e["转往：{destination}",{}]',  # a placeholder without its parameter
        '\x1e["入会",{"extra":"x"}]',  # a parameter the message does not name
        '\x1e["转往：{destination.__class__}",{"destination":"x"}]',
        '\x1e["转往：{0}",{"0":"x"}]',
        '\x1e["{destination!r}",{"destination":"x"}]',
        '\x1e["转往：{destination}",{"destination":1}]',  # a value neither text nor names
        "",
    ],
)
def test_anything_but_the_stored_form_reads_as_stored(typed):
    assert _in("en", typed) == typed
    assert _in("zh-hans", typed) == typed


def test_words_written_before_read_as_stored():
    """Rows written before the notes were composed keep the writer's words, either language."""
    assert _in("en", "修改：姓名、手机号") == "修改：姓名、手机号"
    assert _in("zh-hans", "Transferred to: 外省某公司工会") == "Transferred to: 外省某公司工会"
    assert notes.word(None) == ""


def test_a_note_fits_the_field_by_shortening_the_longest_text():
    stored = notes.compose(
        "转往：{destination}；{reason}", limit=120, destination="乙" * 40, reason="因" * 200
    )
    assert len(stored) <= 120
    shown = _in("zh-hans", stored)
    assert shown.startswith("转往：" + "乙" * 40 + "；因") and shown.endswith("因…")


def test_a_note_that_cannot_fit_is_refused():
    with pytest.raises(ValueError):
        notes.compose("修改：{fields}", limit=10, fields=["name"])


def test_a_translation_naming_other_parameters_falls_back_to_the_message(monkeypatch):
    monkeypatch.setattr(notes, "gettext", lambda message: "Moved to {where}")
    stored = notes.compose(TRANSFERRED, destination="乙工会")
    assert notes.word(stored) == "转往：乙工会"


def test_a_message_missing_from_the_catalogue_reads_as_written():
    assert _in("en", notes.compose("未收录的说明：{what}", what="x")) == "未收录的说明：x"
