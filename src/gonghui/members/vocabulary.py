"""Values as staff write them: the roster import's alias table (一个写法对应一个选项).

The table is data, not code: the district setting ``members.import_value_aliases`` holds one line
per option, ``列名：选项=写法、写法、…`` (for example ``用工形式：劳动合同制=合同制、合同工``),
edited on the settings page (a union's or street's override applies to its subtree). The built-in
default below covers the wordings rosters really use. A wording the table does not know is not
an error: the preview offers it for mapping once (``core.imports``).
"""

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from gonghui.core import config
from gonghui.core.text.punctuation import joined

ETHNIC_GROUPS = (  # i18n: data
    "汉族 蒙古族 回族 藏族 维吾尔族 苗族 彝族 壮族 布依族 朝鲜族 满族 侗族 瑶族 白族 土家族 哈尼族 "
    "哈萨克族 傣族 黎族 傈僳族 佤族 畲族 高山族 拉祜族 水族 东乡族 纳西族 景颇族 柯尔克孜族 土族 "
    "达斡尔族 仫佬族 羌族 布朗族 撒拉族 毛南族 仡佬族 锡伯族 阿昌族 普米族 塔吉克族 怒族 乌孜别克族 "
    "俄罗斯族 鄂温克族 德昂族 保安族 裕固族 京族 塔塔尔族 独龙族 鄂伦春族 赫哲族 门巴族 珞巴族 基诺族"
).split()

# i18n: data (wordings read in users' files, edited by the district as a setting)
DEFAULT_ALIASES = """\
性别：男=男性、M、Male、1
性别：女=女性、F、Female、2
民族：汉族=汉、汉民族
民族：维吾尔族=维族、维吾尔
民族：蒙古族=蒙族、蒙古
民族：朝鲜族=朝族
学历：小学及以下=小学、文盲、半文盲、无
学历：初中=初级中学、初中毕业
学历：高中/中专/技校=高中、中专、职高、技校、职业高中、普通高中、中等专科、中等专业学校、中技、技工学校、高中及以下、高中/中专
学历：大专=专科、大学专科、高职、高职高专、大专学历
学历：本科=大学本科、学士、大学、本科学历、本科毕业
学历：研究生=硕士、博士、硕士研究生、博士研究生、研究生学历、硕士及以上、MBA
用工形式：劳动合同制=合同制、合同工、正式工、劳动合同、正式、正式员工、全日制、固定工、合同
用工形式：劳务派遣=派遣、派遣工、劳务工
用工形式：农民工=进城务工人员、外来务工人员
用工形式：新就业形态=快递员、外卖骑手、外卖员、网约车司机、网约配送员、货车司机、骑手、平台用工、灵活就业、新就业形态劳动者
用工形式：退休返聘=返聘、退休再就业
用工形式：其他=外包、劳务外包、临时工、非全日制、实习、见习
政治面貌：中共党员=党员、共产党员、中国共产党党员
政治面貌：中共预备党员=预备党员
政治面貌：共青团员=团员、共青团
政治面貌：民主党派=民主党派成员、民革、民盟、民建、民进、农工党、致公党、九三学社、台盟
政治面貌：无党派人士=无党派
政治面貌：群众=无、普通群众
"""

_LINE = re.compile(r"^\s*([^:：=]+?)\s*[:：]\s*([^=]+?)\s*=\s*(.*)$")
_SEPARATORS = re.compile(r"[、,，;；/\s]+")


def _check_setting(text):
    from .importers import MemberImporter

    check_table(
        text,
        {
            c.label: {str(label): code for code, label in c.codes}
            for c in MemberImporter.columns
            if c.codes
        },
    )


ALIASES = config.define(
    "members.import_value_aliases",
    DEFAULT_ALIASES,
    gettext_lazy("名册导入：选项的常见写法"),
    gettext_lazy(
        "每行一个选项：列名：选项=写法、写法（如“用工形式：劳动合同制=合同制、合同工”）。"
        "导入时这些写法视同该选项；表中没有的写法在预览中逐个对应一次。"
    ),
    kind="text",
    check=_check_setting,
    data_language="zh-Hans",
)


def parse_table(text):
    """``{column label: {wording: option label}}`` from the setting's lines; raises
    ``ValidationError`` (Chinese, naming the line) for a line it cannot read."""
    table, problems = {}, []
    for number, line in enumerate(str(text or "").splitlines(), start=1):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        found = _LINE.match(line)
        if not found:
            problems.append(_("第 {number} 行应写成“列名：选项=写法、写法”").format(number=number))
            continue
        column, option, wordings = found.groups()
        for wording in _SEPARATORS.split(wordings):
            if wording:
                table.setdefault(column, {})[wording] = option
    return table, problems


def check_table(text, columns):
    """Refuse a table naming a column or option the roster does not have (``columns``:
    ``{column label: {option label: code}}``)."""
    table, problems = parse_table(text)
    for column, wordings in table.items():
        if column not in columns:
            problems.append(
                _("没有名为“{column}”的选项列（可用：{values}）").format(
                    column=column, values=joined(columns)
                )
            )
            continue
        for option in sorted(set(wordings.values())):
            if columns[column] and option not in columns[column]:
                problems.append(
                    _("“{column}”没有选项“{option}”（可选：{values}）").format(
                        column=column, option=option, values=joined(columns[column])
                    )
                )
    if problems:
        raise ValidationError(problems)
    return table


def aliases_for(column_label, options, org=None):
    """``{wording: code}`` of one column from the alias table in force at ``org``. ``options``
    maps the column's option labels to codes; lines naming an unknown option are skipped."""
    table, _problems = parse_table(config.get("members.import_value_aliases", org=org))
    wordings = table.get(column_label, {})
    return {wording: options[option] for wording, option in wordings.items() if option in options}
