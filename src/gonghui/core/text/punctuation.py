"""Punctuation between words the code puts together, worded in the reader's language.

Each mark is a gettext lookup of the Chinese mark whose English translation is the ASCII mark
and a space: ： → ``": "``, 、 → ``", "``, ； → ``"; "``, ， → ``", "``, 。 → ``". "``, and a value
in brackets （x） → ``" (x)"``. Call these when the text is shown (a view, a form's ``__init__``,
a model's ``__str__``, a property read by a page), never at import time or into a stored field,
which would keep one language. The template tags (``{% colon %}``, ``|bracketed``, ``|joined``…
in ``core/templatetags/gonghui.py``) call these too. Code never writes the marks outside a
translation (tests/core/test_python_punctuation.py)::

    labelled(_("状态"), "待审")          # "状态：待审" / "Status: 待审"
    annotated("张三", "华强公司")         # "张三（华强公司）" / "张三 (华强公司)"
    joined(["甲", "乙"])                  # "甲、乙" / "甲, 乙"
    joined(exc.messages, "semicolon")     # "甲；乙" / "甲; 乙"
"""

from django.utils.translation import gettext


def colon():
    """The colon after a label: ： in Chinese, ``": "`` in English."""
    return gettext("：")


def sep():
    """The mark between the items of a list: 、 in Chinese, ``", "`` in English."""
    return gettext("、")


def semicolon():
    """The mark between two clauses: ； in Chinese, ``"; "`` in English."""
    return gettext("；")


def comma():
    """The comma between two clauses: ， in Chinese, ``", "`` in English."""
    return gettext("，")


def full_stop():
    """The end of a sentence: 。 in Chinese, ``". "`` in English."""
    return gettext("。")


# The marks by name, for ``joined(items, mark)`` and the template filter ``|joined:"mark"``.
MARKS = {
    "colon": colon,
    "sep": sep,
    "semicolon": semicolon,
    "comma": comma,
    "full_stop": full_stop,
}


def bracketed(value):
    """``value`` in brackets: （理由） in Chinese, `` (reason)`` in English (with its leading
    space); nothing for no value (None or "")."""
    if value is None or value == "":
        return ""
    return gettext("（{value}）").format(value=value)


def annotated(text, note):
    """``text`` followed by ``note`` in brackets: 张三（华强公司） / ``张三 (华强公司)``; ``text``
    alone when there is no note."""
    return f"{text}{bracketed(note)}"


def labelled(label, value):
    """``value`` after its label and a colon: 状态：待审 / ``Status: 待审``."""
    return f"{label}{colon()}{value}"


def joined(items, mark="sep"):
    """The items as text joined with a mark of ``MARKS`` (the list separator by default):
    甲、乙 / ``甲, 乙``; ``joined(messages, "semicolon")``: 甲；乙 / ``甲; 乙``."""
    return MARKS[mark]().join(str(item) for item in items)
