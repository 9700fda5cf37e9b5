from .books import AuditReview, BudgetLine, Expense, Finding, Receipt
from .dues import DuesBase, DuesLine, DuesRate, DuesRoll
from .ledger import Balance, BankLine, Entry, Memo, Posting, SharingRule
from .remittances import EmployerFunds, PayerAlias, StatementLine

__all__ = [
    "AuditReview", "Balance", "BankLine", "BudgetLine", "DuesBase", "DuesLine", "DuesRate", "DuesRoll",
    "EmployerFunds", "Entry", "Expense", "Finding", "Memo", "PayerAlias", "Posting", "Receipt",
    "SharingRule", "StatementLine",
]  # fmt: skip
