"""States and kinds of union money, with the Chinese labels every page, PDF and export shows."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class FundKind(models.TextChoices):
    FUNDS = "funds", _("工会经费")
    PREP = "prep", _("建会筹备金")
    DUES = "dues", _("会费")


class Level(models.TextChoices):
    GRASSROOTS = "grassroots", _("基层工会")
    STREET = "street", _("街道/产业工会")
    DISTRICT = "district", _("区总工会")
    UPPER = "upper", _("市总及以上")


class Account(models.TextChoices):
    """Ledger accounts. Debits are positive, credits negative; an entry's postings sum to 0."""

    BANK = "bank", _("银行存款")
    FUNDS_INCOME = "funds_income", _("经费收入")
    PREP_INCOME = "prep_income", _("筹备金收入")
    DUES_INCOME = "dues_income", _("会费收入")
    TRANSFER_IN = "transfer_in", _("上级补助/拨入")
    TRANSFER_OUT = "transfer_out", _("拨出/上解支出")
    PAYABLE_UP = "payable_up", _("应上解上级经费")
    EXPENSE = "expense", _("经费支出")


# Accounts whose balance sits on the credit side (income, money received from above, what is
# owed upwards): a treasurer reads them as positive credit balances.
CREDIT_NORMAL = frozenset(
    {
        Account.FUNDS_INCOME,
        Account.PREP_INCOME,
        Account.DUES_INCOME,
        Account.TRANSFER_IN,
        Account.PAYABLE_UP,
    }
)

INCOME_ACCOUNT = {
    FundKind.FUNDS: Account.FUNDS_INCOME,
    FundKind.PREP: Account.PREP_INCOME,
    FundKind.DUES: Account.DUES_INCOME,
}


class EntryKind(models.TextChoices):
    REMITTANCE = "remittance", _("经费收缴分成")
    DUES = "dues", _("会费分成")
    TRANSFER_DOWN = "transfer_down", _("拨付")
    TRANSFER_UP = "transfer_up", _("上解")
    EXPENSE = "expense", _("经费支出")
    REVERSAL = "reversal", _("冲正")


class Channel(models.TextChoices):
    TAX = "tax", _("税务代收")
    BANK = "bank", _("银行到账")


class LineStatus(models.TextChoices):
    UNMATCHED = "unmatched", _("待匹配")
    POSTED = "posted", _("已入账")
    REVERSED = "reversed", _("已冲正")


class DuesMethod(models.TextChoices):
    PAYROLL = "payroll", _("工资代扣")
    SELF = "self", _("本人缴纳")


class DuesStatus(models.TextChoices):
    DUE = "due", _("未缴")
    PAID = "paid", _("已缴")
    EXEMPT = "exempt", _("免缴")


class BudgetCategory(models.TextChoices):
    ACTIVITIES = "activities", _("职工活动支出")
    RIGHTS = "rights", _("维权支出")
    OPERATIONS = "operations", _("业务支出")
    CAPITAL = "capital", _("资本性支出")
    SUPPORT = "support", _("对下补助支出")
    OTHER = "other", _("其他支出")


class BudgetStatus(models.TextChoices):
    DRAFT = "draft", _("草拟")
    APPROVED = "approved", _("已批准")


class ExpenseStatus(models.TextChoices):
    RECORDED = "recorded", _("待审批")
    APPROVED = "approved", _("已审批")
    REJECTED = "rejected", _("已退回")


class ReviewStatus(models.TextChoices):
    OPEN = "open", _("审查中")
    CONCLUDED = "concluded", _("已完成")
