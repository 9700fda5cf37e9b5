"""Fictional people for the demo and the synthetic district: realistic Chinese names, valid ID
numbers (unique per sequence number), mobile numbers. Deterministic for a given seed."""

import datetime
import random
from functools import lru_cache

from gonghui.core.text.idnumbers import compute_check_digit
from gonghui.core.text.pinyin import name_keys

# The most common surnames, roughly weighted by frequency (per cent of the population).
SURNAMES = [
    ("王", 7.1),
    ("李", 7.0),
    ("张", 6.9),
    ("刘", 5.4),
    ("陈", 4.6),
    ("杨", 3.1),
    ("黄", 2.2),
    ("赵", 2.0),
    ("吴", 2.0),
    ("周", 1.9),
    ("徐", 1.5),
    ("孙", 1.5),
    ("马", 1.4),
    ("朱", 1.3),
    ("胡", 1.3),
    ("郭", 1.1),
    ("何", 1.1),
    ("林", 1.0),
    ("高", 1.0),
    ("罗", 0.9),
    ("郑", 0.8),
    ("梁", 0.8),
    ("谢", 0.7),
    ("宋", 0.7),
    ("唐", 0.6),
    ("许", 0.6),
    ("韩", 0.6),
    ("邓", 0.5),
    ("冯", 0.5),
    ("曹", 0.5),
    ("彭", 0.5),
    ("曾", 0.5),
    ("肖", 0.5),
    ("田", 0.5),
    ("董", 0.5),
    ("潘", 0.4),
    ("袁", 0.4),
    ("蔡", 0.4),
    ("蒋", 0.4),
    ("余", 0.4),
    ("于", 0.4),
    ("杜", 0.4),
    ("叶", 0.4),
    ("程", 0.4),
    ("魏", 0.3),
    ("苏", 0.3),
    ("吕", 0.3),
    ("丁", 0.3),
    ("任", 0.3),
    ("卢", 0.3),
    ("姚", 0.3),
    ("沈", 0.3),
    ("钟", 0.3),
    ("姜", 0.3),
    ("崔", 0.2),
    ("谭", 0.2),
    ("陆", 0.2),
    ("范", 0.2),
    ("汪", 0.2),
    ("廖", 0.2),
    ("欧阳", 0.05),
    ("司马", 0.02),
    ("诸葛", 0.01),
]
MALE = "伟强磊军勇杰涛斌超明刚平辉鹏华飞鑫波宇浩凯健俊帆帅旭宁龙林阳洋建国志峰立新海亮东文"
FEMALE = "芳娜敏静丽艳娟霞秀婷玉萍红燕玲桂丹梅琳雪慧莉倩颖婉晶璐欣怡佳妍蕾薇琪瑶洁月兰凤"
# Area codes of a fictional district and of places workers come from (all real, current).
AREAS = [
    "320102",
    "320104",
    "320105",
    "320106",
    "320111",
    "320113",
    "320114",
    "320115",
    "320116",
    "320117",
    "320118",
    "321322",
    "341122",
    "340103",
    "410105",
    "510107",
    "430104",
    "360102",
    "130102",
    "370102",
]
EARLIEST_BIRTH = datetime.date(1961, 1, 1)
BIRTH_DAYS = 16_000  # born 1961 to about 2004: aged about 20 to 65
ETHNICITIES = ["汉族"] * 48 + ["回族", "满族"]
EDUCATIONS = [
    "junior",
    "senior",
    "senior",
    "college",
    "college",
    "bachelor",
    "bachelor",
    "postgraduate",
]
FORMS = (
    ["regular"] * 14
    + ["dispatch"] * 2
    + ["migrant"] * 2
    + ["new_form"] * 2
    + ["retired_reemployed"]
)
_SURNAME_LIST = [s for s, _w in SURNAMES]
_SURNAME_WEIGHTS = [w for _s, w in SURNAMES]


SPACE = len(AREAS) * BIRTH_DAYS * 1000  # 320,000,000 distinct numbers
_MIX = 2_654_435_761  # odd and not a multiple of 5: coprime with SPACE, so mixing is a bijection


def id_number_for(seq):
    """The ``seq``-th ID number of the synthetic population: unique for seq < SPACE; consecutive
    sequence numbers are spread over areas, birth dates and both genders."""
    seq = (seq * _MIX + 12_345) % SPACE
    area = AREAS[seq % len(AREAS)]
    rest = seq // len(AREAS)
    born = EARLIEST_BIRTH + datetime.timedelta(days=rest % BIRTH_DAYS)
    order = (rest // BIRTH_DAYS) % 1000
    first17 = f"{area}{born:%Y%m%d}{order:03d}"
    return first17 + compute_check_digit(first17)


def person(rng, seq):
    """A fictional person: name, ID number (gender and birth date follow from it), phone."""
    id_number = id_number_for(seq)
    gender = "M" if int(id_number[16]) % 2 else "F"
    given = MALE if gender == "M" else FEMALE
    name = rng.choices(_SURNAME_LIST, _SURNAME_WEIGHTS)[0] + "".join(
        rng.choice(given) for _ in range(rng.choice((1, 2, 2)))
    )
    return {
        "name": name,
        "id_number": id_number,
        "gender": gender,
        "birth_date": datetime.date(
            int(id_number[6:10]), int(id_number[10:12]), int(id_number[12:14])
        ),
        "phone": f"1{rng.choice('3578')}{rng.randrange(10**9):09d}",
        "ethnicity": rng.choice(ETHNICITIES),
        "education": rng.choice(EDUCATIONS),
        "employment_form": rng.choice(FORMS),
    }


def join_date_for(rng, birth_date, today):
    """A join date after the 18th birthday and not in the future."""
    earliest = max(
        birth_date.replace(year=birth_date.year + 18)
        if not (birth_date.month == 2 and birth_date.day == 29)
        else datetime.date(birth_date.year + 18, 3, 1),
        datetime.date(1990, 1, 1),
    )
    span = (today - earliest).days
    return earliest + datetime.timedelta(days=rng.randrange(max(span, 1)))


@lru_cache(maxsize=200_000)
def keys_of(name):
    keys = name_keys(name)
    return keys["full"], keys["initials"]


def rng_for(seed):
    return random.Random(seed)
