import pytest
from hypothesis import given
from hypothesis import strategies as st

from gonghui.core.text.pinyin import (
    COMPOUND_SURNAMES,
    fragments,
    name_keys,
    normalize_name,
    query_keys,
    search_tokens,
    split_surname,
    syllables,
)

HAN = st.characters(min_codepoint=0x4E00, max_codepoint=0x9FA5)


@pytest.mark.parametrize(
    ("name", "full", "initials"),
    [
        ("张三", "zhangsan", "zs"),
        ("王小明", "wangxiaoming", "wxm"),
        ("吕布", "lvbu", "lb"),
        ("单田芳", "shantianfang", "stf"),
        ("曾国藩", "zengguofan", "zgf"),
        ("解缙", "xiejin", "xj"),
        ("区志明", "ouzhiming", "ozm"),
        ("查良镛", "zhaliangyong", "zly"),
        ("仇英", "qiuying", "qy"),
        ("翟志刚", "zhaizhigang", "zzg"),
        ("盖聂", "genie", "gn"),
        ("朴树", "piaoshu", "ps"),
        ("覃雪梅", "qinxuemei", "qxm"),
        ("缪青", "miaoqing", "mq"),
        ("长华", "changhua", "ch"),
        ("欧阳修", "ouyangxiu", "oyx"),
        ("尉迟恭", "yuchigong", "ycg"),
        ("万俟卨", "moqixie", "mqx"),
        ("长孙无忌", "zhangsunwuji", "zswj"),
        ("单于明", "chanyuming", "cym"),
        ("诸葛亮", "zhugeliang", "zgl"),
    ],
)
def test_name_keys(name, full, initials):
    assert name_keys(name) == {"full": full, "initials": initials}


def test_spaces_full_width_and_name_dots_are_ignored():
    assert name_keys(" 张　三 ") == {"full": "zhangsan", "initials": "zs"}
    assert name_keys("阿依古丽·买买提")["full"] == "ayigulimaimaiti"
    assert name_keys("阿依古丽•买买提") == name_keys("阿依古丽·买买提")


def test_latin_letters_and_digits_are_kept():
    assert name_keys("Tom李") == {"full": "tomli", "initials": "tl"}
    assert name_keys("ＡＢＣ") == {"full": "abc", "initials": "a"}
    assert name_keys("张3") == {"full": "zhang3", "initials": "z3"}
    assert name_keys("Li Lei") == {"full": "lilei", "initials": "l"}


def test_characters_without_pinyin_are_dropped():
    assert name_keys("张★") == {"full": "zhang", "initials": "z"}


def test_empty_name():
    assert name_keys("") == {"full": "", "initials": ""}
    assert search_tokens("") == set()
    assert query_keys("  ") == []


def test_split_surname():
    assert split_surname("欧阳修") == ("欧阳", "修")
    assert split_surname("张三") == ("张", "三")
    assert split_surname("欧") == ("欧", "")
    assert split_surname("") == ("", "")


def test_compound_surname_readings_are_two_syllables():
    for surname, reading in COMPOUND_SURNAMES.items():
        assert len(surname) == 2
        assert len(reading) == 2
        assert syllables(surname) == list(reading)


def test_surname_reading_only_applies_at_the_start():
    # 单 as a given-name character keeps pypinyin's reading
    assert name_keys("王单")["full"] == "wangdan"


def test_normalize_name():
    assert normalize_name(" Ｚhang　San ") == "zhangsan"
    assert normalize_name("阿依古丽·买买提") == "阿依古丽买买提"


def test_fragments():
    assert fragments("张三丰") == {"张", "三", "丰", "张三", "三丰"}
    assert fragments("张三丰", n=(2,)) == {"张三", "三丰"}
    assert fragments("张三丰", n=(3,)) == {"张三丰"}
    assert fragments("张", n=(2,)) == set()
    assert fragments("张 三") == {"张", "三", "张三"}
    assert fragments("") == set()


@given(st.text(HAN, min_size=1, max_size=6))
def test_fragment_counts(name):
    assert fragments(name) == {name[i] for i in range(len(name))} | {
        name[i : i + 2] for i in range(len(name) - 1)
    }


def test_search_tokens_for_a_simple_name():
    assert search_tokens("张三丰") == {
        "张", "三", "丰", "张三", "三丰",
        "zhang", "zhangsan", "zhangsanfeng",
        "zs", "zsf",
    }  # fmt: skip


def test_search_tokens_use_surname_readings():
    tokens = search_tokens("曾国藩")
    assert {"zeng", "zengguofan", "zgf"} <= tokens
    assert "ceng" not in tokens


def test_search_tokens_single_character_name():
    assert search_tokens("王") == {"王", "wang"}


def test_query_keys():
    assert query_keys("张") == ["张"]
    assert query_keys("张三") == ["张三"]
    assert query_keys("张三丰") == ["三丰", "张三"]
    assert query_keys("ZhangSan") == ["zhangsan"]
    assert query_keys("ｚｓ") == ["zs"]
    assert query_keys("张三丰丰") == sorted(["张三", "三丰", "丰丰"])


@given(st.text(HAN, min_size=1, max_size=5), st.data())
def test_every_substring_query_finds_the_name(name, data):
    start = data.draw(st.integers(min_value=0, max_value=len(name) - 1))
    end = data.draw(st.integers(min_value=start + 1, max_value=len(name)))
    assert set(query_keys(name[start:end])) <= search_tokens(name)


@given(st.text(HAN, min_size=1, max_size=4))
def test_pinyin_and_initials_queries_find_the_name(name):
    keys = name_keys(name)
    tokens = search_tokens(name)
    assert set(query_keys(keys["full"])) <= tokens
    if len(keys["initials"]) >= 2:
        assert set(query_keys(keys["initials"].upper())) <= tokens
