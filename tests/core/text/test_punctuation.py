"""The punctuation Python code writes between words (core/text/punctuation.py), worded in the
reader's language: the Chinese mark, in English the ASCII mark and a space."""

import pytest
from django.utils import translation
from django.utils.functional import lazystr

from gonghui.core.text import punctuation


def _in(language, function, *args, **kwargs):
    with translation.override(language):
        return function(*args, **kwargs)


@pytest.mark.parametrize(
    ("name", "chinese", "english"),
    [
        ("colon", "：", ": "),
        ("sep", "、", ", "),
        ("semicolon", "；", "; "),
        ("comma", "，", ", "),
        ("full_stop", "。", ". "),
    ],
)
def test_each_mark_in_each_language(name, chinese, english):
    assert _in("zh-hans", punctuation.MARKS[name]) == chinese
    assert _in("en", punctuation.MARKS[name]) == english
    assert _in("en", getattr(punctuation, name)) == english


def test_bracketed_in_each_language():
    assert _in("zh-hans", punctuation.bracketed, "华强公司") == "（华强公司）"
    assert _in("en", punctuation.bracketed, "Huaqiang") == " (Huaqiang)"


@pytest.mark.parametrize("value", [None, ""])
def test_bracketed_nothing_for_no_value(value):
    assert _in("zh-hans", punctuation.bracketed, value) == ""
    assert _in("en", punctuation.annotated, "张三", value) == "张三"


def test_bracketed_zero_is_a_value():
    assert _in("en", punctuation.bracketed, 0) == " (0)"


def test_bracketed_keeps_braces_in_the_value():
    assert _in("en", punctuation.bracketed, "{value}") == " ({value})"


def test_annotated_in_each_language():
    assert _in("zh-hans", punctuation.annotated, "张三", "华强公司") == "张三（华强公司）"
    assert _in("en", punctuation.annotated, "Zhang San", "Huaqiang") == "Zhang San (Huaqiang)"


def test_labelled_in_each_language():
    assert _in("zh-hans", punctuation.labelled, "状态", "待审") == "状态：待审"
    assert _in("en", punctuation.labelled, "Status", "Pending") == "Status: Pending"


def test_joined_with_the_list_separator_by_default():
    assert _in("zh-hans", punctuation.joined, ["王芳", "李强"]) == "王芳、李强"
    assert _in("en", punctuation.joined, ["Wang Fang", "Li Qiang"]) == "Wang Fang, Li Qiang"


def test_joined_with_another_mark():
    assert _in("zh-hans", punctuation.joined, ["甲", "乙"], "semicolon") == "甲；乙"
    assert _in("en", punctuation.joined, ["a", "b"], "semicolon") == "a; b"


def test_joined_turns_items_into_text():
    assert _in("en", punctuation.joined, [1, lazystr("b"), 3]) == "1, b, 3"
    assert _in("en", punctuation.joined, iter(["a"])) == "a"
    assert _in("en", punctuation.joined, []) == ""


def test_an_unknown_mark_is_an_error():
    with pytest.raises(KeyError):
        punctuation.joined(["a"], "dash")
