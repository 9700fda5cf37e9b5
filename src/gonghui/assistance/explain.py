"""The eligibility arithmetic of a hardship file as data, and its words in the viewer's language.

``policy.classify`` and ``services.evaluate`` write the steps as a list of dicts, one per line
(``{"step": "per_capita", "per_capita": "900.00", "income": "1800.00", ...}``): amounts as
Decimal strings, setting versions as ``SettingValue`` ids (``None``: the default), categories,
relationships and exclusion rules as their codes, names of people and areas as written. The file
stores that list (``eligibility_steps``) and the versions of the rules that decided
(``rule_basis``); pages, PDFs and the API read them through ``lines`` and ``rule_basis_text``, in
the language of whoever looks. Rows stored before the arithmetic was data keep their text
(``{"step": "text", "text": ...}``), see ``parse_legacy``.
"""

import re
from decimal import Decimal

from django.utils.translation import gettext as _
from django.utils.translation import override, pgettext

from gonghui.core.text.punctuation import bracketed, joined

from .enums import Category, Relationship

MULTIPLE_KEYS = (
    ("deep", Category.DEEP),
    ("relative", Category.RELATIVE),
    ("accident", Category.ACCIDENT),
)


def money(value):
    """An amount as stored in a step (a Decimal string, cents)."""
    return str(Decimal(value).quantize(Decimal("0.01")))


def version(value):
    """A setting's version as written in the arithmetic: ``v12``, or 默认 (never changed)."""
    return f"v{value}" if value else pgettext("setting version", "默认")


def _label(choices, code):
    return str(choices(code).label) if code in choices.values else str(code)


def _yuan(value):
    from .policy import yuan

    return yuan(value)


def describe_multiples(multiples, multiples_version):
    """困难类别倍数：深度困难 1×、相对困难 2×、意外致困 3×（默认）."""
    parts = [
        f"{_label(Category, category)} {Decimal(str(multiples[key])).normalize()}×"
        for key, category in MULTIPLE_KEYS
        if key in multiples
    ]
    return _("困难类别倍数：{values}（{setting_version}）").format(
        values=joined(parts), setting_version=version(multiples_version)
    )


def _member_incomes(step):
    members = [
        _("{name}（{relationship}） {yuan}").format(
            name=m["name"],
            relationship=_label(Relationship, m["relationship"]),
            yuan=_yuan(m["amount"]),
        )
        for m in step["members"]
    ]
    return _("成员月收入：{members} = {total}").format(
        members=" + ".join(members), total=_yuan(step["total"])
    )


def _conclusion(step):
    words = (
        _("按收入测算：{label}（{describe_multiples}）")
        if step.get("income_test")
        else _("结论：{label}（{describe_multiples}）")
    )
    return words.format(
        label=_label(Category, step["category"]),
        describe_multiples=describe_multiples(step["multiples"], step.get("multiples_version")),
    )


def _exclusion(step):
    from .policy import exclusion_label

    if "waived" in step:
        return _(
            "排除规则触发：{label}（建档排除规则 {version}）→ 已经区级复核放行：{reason}"
        ).format(
            label=exclusion_label(step["rule"]),
            version=version(step.get("version")),
            reason=step["waived"],
        )
    return _("排除规则触发：{label}（建档排除规则 {version}）→ 不予认定").format(
        label=exclusion_label(step["rule"]), version=version(step.get("version"))
    )


def _excluded(step):
    from .policy import exclusion_label

    return _("结论：不符合条件（触发排除规则：{values}）").format(
        values=joined(exclusion_label(rule) for rule in step["rules"])
    )


_WORDS = {
    "member_incomes": _member_incomes,
    "household_income": lambda s: _(
        "家庭月收入 {yuan}（成员收入 {yuan2} + 其他收入 {yuan3}）"
    ).format(yuan=_yuan(s["income"]), yuan2=_yuan(s["members"]), yuan3=_yuan(s["others"])),
    "costs": lambda s: _("刚性支出 {yuan}").format(yuan=_yuan(s["amount"])),
    "per_capita": lambda s: _("人均月收入 {yuan} = （{yuan2} − {yuan3}）÷ {size}").format(
        yuan=_yuan(s["per_capita"]),
        yuan2=_yuan(s["income"]),
        yuan3=_yuan(s["costs"]),
        size=s["size"],
    ),
    "dibao": lambda s: _("低保标准 {yuan}").format(yuan=_yuan(s["amount"])),
    "dibao_basis": lambda s: _("低保标准依据：{name} {year} 年（v{pk}）").format(
        name=s["org"], year=s["year"], pk=s["standard"]
    ),
    "line": lambda s: _("{normalize} × 低保 = {yuan} → {value}").format(
        normalize=Decimal(s["multiple"]).normalize(),
        yuan=_yuan(s["line"]),
        value=_("低于") if s["below"] else _("不低于"),
    ),
    "conclusion": _conclusion,
    "exclusion": _exclusion,
    "excluded": _excluded,
    "no_dibao": lambda s: _("尚未设置 {year} 年本地区低保标准，请联系区总工会").format(
        year=s["year"]
    ),
    "text": lambda s: s["text"],
}


def step_text(step):
    """One step in the current language."""
    try:
        return _WORDS[step["step"]](step)
    except (KeyError, TypeError, ArithmeticError, ValueError):
        return step.get("text", "") if isinstance(step, dict) else str(step)


def lines(steps):
    """The arithmetic in the current language, one line per step."""
    return [step_text(step) for step in steps or []]


def rule_basis(*, multiples_version, exclusions_version, standard):
    """The versions of the rules that decided: the category multiples and the exclusion rules
    (``SettingValue`` ids, ``None`` for the default) and the 低保 standard used."""
    return {
        "multiples": multiples_version,
        "exclusions": exclusions_version,
        "dibao": {"code": standard.org.code, "year": standard.year, "id": standard.pk},
    }


def rule_basis_text(basis):
    """类别倍数 默认 · 排除规则 v3 · 低保 HP/2026 v2 (in the current language)."""
    if not basis:
        return ""
    if "text" in basis:
        return basis["text"]
    dibao = basis["dibao"]
    return _(
        "类别倍数 {setting_version} · 排除规则 {setting_version2} · 低保 {code}/{year} v{pk}"
    ).format(
        setting_version=version(basis.get("multiples")),
        setting_version2=version(basis.get("exclusions")),
        code=dibao["code"],
        year=dibao["year"],
        pk=dibao["id"],
    )


# --- rows stored before the arithmetic was data ---------------------------------------------

_YUAN = r"¥([\d,]+\.\d{2})"
_VERSION = r"(v\d+|默认)"


def _amount(text):
    return text.replace(",", "")


def _version_id(text):
    return int(text[1:]) if text.startswith("v") else None


def _codes(choices):
    """{Chinese label: code} of ``choices``."""
    with override("zh-hans"):
        return {str(label): code for code, label in choices.choices}


def _exclusion_rules():
    from .policy import EXCLUSION_LABELS

    with override("zh-hans"):
        return {str(label): rule for rule, label in EXCLUSION_LABELS.items()}


def _parse_multiples(text):
    categories = _codes(Category)
    keys = {category: key for key, category in MULTIPLE_KEYS}
    multiples = {}
    for part in text.split("、"):
        label, _sep, value = part.rpartition(" ")
        multiples[keys[categories[label]]] = value.removesuffix("×")
    return multiples


def _parse_line(line):
    if m := re.fullmatch(rf"成员月收入：(.+) = {_YUAN}", line):
        relationships, members = _codes(Relationship), []
        for part in m[1].split(" + "):
            who = re.fullmatch(rf"(.+)（(.+?)） {_YUAN}", part)
            members.append(
                {"name": who[1], "relationship": relationships[who[2]], "amount": _amount(who[3])}
            )
        return {"step": "member_incomes", "members": members, "total": _amount(m[2])}
    if m := re.fullmatch(rf"家庭月收入 {_YUAN}（成员收入 {_YUAN} \+ 其他收入 {_YUAN}）", line):
        income, members, others = (_amount(x) for x in m.groups())
        return {"step": "household_income", "income": income, "members": members, "others": others}
    if m := re.fullmatch(rf"刚性支出 {_YUAN}", line):
        return {"step": "costs", "amount": _amount(m[1])}
    if m := re.fullmatch(rf"人均月收入 {_YUAN} = （{_YUAN} − {_YUAN}）÷ (\d+)", line):
        return {
            "step": "per_capita",
            "per_capita": _amount(m[1]),
            "income": _amount(m[2]),
            "costs": _amount(m[3]),
            "size": int(m[4]),
        }
    if m := re.fullmatch(rf"低保标准 {_YUAN}", line):
        return {"step": "dibao", "amount": _amount(m[1])}
    if m := re.fullmatch(r"低保标准依据：(.+) (\d+) 年（v(\d+)）", line):
        return {"step": "dibao_basis", "org": m[1], "year": int(m[2]), "standard": int(m[3])}
    if m := re.fullmatch(rf"([\d.]+) × 低保 = {_YUAN} → (低于|不低于)", line):
        return {"step": "line", "multiple": m[1], "line": _amount(m[2]), "below": m[3] == "低于"}
    if m := re.fullmatch(rf"(结论|按收入测算)：(.+?)（困难类别倍数：(.+)（{_VERSION}））", line):
        return {
            "step": "conclusion",
            "category": _codes(Category)[m[2]],
            "multiples": _parse_multiples(m[3]),
            "multiples_version": _version_id(m[4]),
            **({"income_test": True} if m[1] == "按收入测算" else {}),
        }
    if m := re.fullmatch(
        rf"排除规则触发：(.+?)（建档排除规则 {_VERSION}）→ (?:已经区级复核放行：(.*)|不予认定)",
        line,
        re.S,
    ):
        step = {"step": "exclusion", "rule": _exclusion_rules()[m[1]], "version": _version_id(m[2])}
        if m[3] is not None:
            step["waived"] = m[3]
        return step
    if m := re.fullmatch(r"结论：不符合条件（触发排除规则：(.+)）", line):
        rules = _exclusion_rules()
        return {"step": "excluded", "rules": [rules[label] for label in m[1].split("、")]}
    if m := re.fullmatch(r"尚未设置 (\d+) 年本地区低保标准，请联系区总工会", line):
        return {"step": "no_dibao", "year": int(m[1])}
    return None


def parse_legacy(text):
    """The steps of an arithmetic stored as Chinese text (one line per step), as data: each line
    written by the rules of the time becomes its step; a line that reads otherwise (written in
    another language, or by hand) is kept as it stands (``{"step": "text"}``)."""
    steps = []
    for line in (text or "").splitlines():
        try:
            step = _parse_line(line)
        except (KeyError, TypeError, ValueError):
            step = None
        steps.append(step or {"step": "text", "text": line})
    return steps


def parse_legacy_basis(text):
    """``rule_basis`` of a rule version stored as text (类别倍数 默认 · 排除规则 默认 · 低保
    HP/2026 v2); other text is kept as it stands."""
    if not text:
        return {}
    m = re.fullmatch(rf"类别倍数 {_VERSION} · 排除规则 {_VERSION} · 低保 (.+)/(\d+) v(\d+)", text)
    if not m:
        return {"text": text}
    return {
        "multiples": _version_id(m[1]),
        "exclusions": _version_id(m[2]),
        "dibao": {"code": m[3], "year": int(m[4]), "id": int(m[5])},
    }


# --- the basis of an entitlement's amount ---------------------------------------------------


def describe_setting(key, value, version_id):
    """A setting as ``config.describe`` words it (label = value（version）), from the value and
    version kept when it decided, in the current language."""
    from gonghui.core import config

    definition = config.definitions()[key]
    shown = config.display(value, config.module_choices(definition.module))
    return f"{definition.label} = {shown}{bracketed(version(version_id))}"


def setting_basis(key, org):
    """The value and version of ``key`` in force at ``org``, kept in an entitlement's basis."""
    from gonghui.core import config

    row = config.current_row(key, org)
    return {
        "value": row.value if row else config.definitions()[key].default,
        "version": row.id if row else None,
    }


def _education(rule):
    from .enums import Schooling

    return _("{schooling} {yuan}（{describe}）").format(
        schooling=_label(Schooling, rule["schooling"]),
        yuan=_yuan(rule["amount"]),
        describe=describe_setting(
            "assistance.education_amounts", rule["setting"]["value"], rule["setting"]["version"]
        ),
    )


def _startup(rule):
    from .enums import StartupKind

    return _("{kind}：{business_name}").format(
        kind=_label(StartupKind, rule["support"]), business_name=rule["business"]
    )


_RULES = {
    "warmth": lambda r: _("送温暖标准：现金 ¥{cash_amount:,.2f} + 物资 ¥{goods_value:,.2f}").format(
        cash_amount=Decimal(r["cash"]), goods_value=Decimal(r["goods"])
    ),
    "education": _education,
    "medical": lambda r: _("个人自付 ¥{own_share:,.2f}，上限 ¥{cap:,.2f}").format(
        own_share=Decimal(r["own_share"]), cap=Decimal(r["cap"])
    ),
    "startup": _startup,
}


def entitlement_rule_text(rule, legacy=""):
    """The basis of an entitlement's amount (``Entitlement.rule``) in the current language; an
    entitlement recorded before the basis was data keeps its text (``legacy``)."""
    if not rule:
        return legacy
    try:
        return _RULES[rule["kind"]](rule)
    except (KeyError, TypeError, ArithmeticError, ValueError):
        return legacy


def parse_legacy_rule(text, setting_value):
    """``Entitlement.rule`` of a basis stored as Chinese text, or ``None`` when the text reads
    otherwise. ``setting_value(id)`` gives the value of a setting version (the education
    amounts the text names by version)."""
    from gonghui.core import config

    from .enums import Schooling, StartupKind

    if m := re.fullmatch(rf"送温暖标准：现金 {_YUAN} \+ 物资 {_YUAN}", text):
        return {"kind": "warmth", "cash": _amount(m[1]), "goods": _amount(m[2])}
    if m := re.fullmatch(rf"个人自付 {_YUAN}，上限 {_YUAN}", text):
        return {"kind": "medical", "own_share": _amount(m[1]), "cap": _amount(m[2])}
    if m := re.fullmatch(
        rf"(.+) {_YUAN}（金秋助学标准（元/人，按学段） = .*（{_VERSION}））", text
    ):
        schooling = _codes(Schooling).get(m[1])
        if schooling is None:
            return None
        version_id = _version_id(m[3])
        value = (
            setting_value(version_id)
            if version_id
            else config.definitions()["assistance.education_amounts"].default
        )
        return {
            "kind": "education",
            "schooling": schooling,
            "amount": _amount(m[2]),
            "setting": {"value": value, "version": version_id},
        }
    label, sep, business = text.partition("：")
    support = _codes(StartupKind).get(label)
    if sep and support:
        return {"kind": "startup", "support": support, "business": business}
    return None
