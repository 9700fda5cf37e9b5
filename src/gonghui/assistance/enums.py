"""Choices of the hardship-assistance module."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class FileStatus(models.TextChoices):
    DRAFT = "draft", _("草稿")
    SUBMITTED = "submitted", _("基层已初审")
    VISITED = "visited", _("已入户核查")
    REVIEWED = "reviewed", _("帮扶中心已审核")
    NOTICE = "notice", _("公示中")
    FILED = "filed", _("已建档")
    CLOSED = "closed", _("已解困脱困")


# A person named in a file in one of these states holds their place: one such file per person.
OPEN_STATES = frozenset(
    {
        FileStatus.SUBMITTED,
        FileStatus.VISITED,
        FileStatus.REVIEWED,
        FileStatus.NOTICE,
        FileStatus.FILED,
    }
)


class Category(models.TextChoices):
    DEEP = "deep", _("深度困难")
    RELATIVE = "relative", _("相对困难")
    ACCIDENT = "accident", _("意外致困")
    NOT_ELIGIBLE = "none", _("不符合条件")
    UNKNOWN = "", _("未计算")


class Relationship(models.TextChoices):
    SELF = "self", _("本人")
    SPOUSE = "spouse", _("配偶")
    CHILD = "child", _("子女")
    PARENT = "parent", _("父母")
    OTHER = "other", _("其他")


class Health(models.TextChoices):
    HEALTHY = "healthy", _("健康")
    CHRONIC = "chronic", _("慢性病")
    SERIOUS = "serious", _("重大疾病")
    DISABLED = "disabled", _("残疾")


class Schooling(models.TextChoices):
    NONE = "", _("非在校")
    PRIMARY = "primary", _("小学")
    JUNIOR = "junior", _("初中")
    HIGH_SCHOOL = "high_school", _("高中/中职")
    UNIVERSITY = "university", _("大学（含高职）")
    POSTGRADUATE = "postgraduate", _("研究生")


class Employment(models.TextChoices):
    EMPLOYED = "employed", _("在职")
    UNEMPLOYED = "unemployed", _("失业")
    RETIRED = "retired", _("退休")
    STUDENT = "student", _("在校")
    UNABLE = "unable", _("无劳动能力")
    OTHER = "other", _("其他")


class Cause(models.TextChoices):
    ILLNESS = "illness", _("本人或家属患病")
    DISABILITY = "disability", _("残疾")
    UNEMPLOYMENT = "unemployment", _("下岗失业")
    SCHOOLING = "schooling", _("子女上学")
    LOW_WAGE = "low_wage", _("工资收入低")
    ACCIDENT = "accident", _("突发意外、灾害或重病")
    OTHER = "other", _("其他")


# Causes that make a household eligible under the "hardship by accident" test.
ACCIDENT_CAUSES = frozenset({Cause.ACCIDENT})


class CostKind(models.TextChoices):
    MEDICAL = "medical", _("医疗")
    DISABILITY = "disability", _("残疾康复")
    SCHOOLING = "schooling", _("教育")
    JOB = "job", _("就业必需")
    OTHER = "other", _("其他刚性支出")


class IncomeKind(models.TextChoices):
    PENSION = "pension", _("养老金")
    BENEFIT = "benefit", _("社会救助/补贴")
    RENT = "rent", _("租金")
    SUPPORT = "support", _("赡养/抚养费")
    OTHER = "other", _("其他")


class DeclarationKind(models.TextChoices):
    HOME = "home", _("住房")
    VEHICLE = "vehicle", _("私家车")
    BUSINESS = "business", _("经营实体/雇工")
    PRIVATE_SCHOOL = "private_school", _("子女就读高收费私立学校")
    STUDY_ABROAD = "study_abroad", _("子女自费出国留学")


class AttachmentKind(models.TextChoices):
    APPLICATION = "application", _("申请书")
    CONSENT = "consent", _("家庭经济状况核对授权书")
    MEDICAL = "medical", _("医疗证明")
    PHOTO = "photo", _("入户照片")
    OTHER = "other", _("其他")


class ExitReason(models.TextChoices):
    INCOME_ABOVE = "income_above", _("人均收入连续超过低保标准")
    GOVERNMENT = "government", _("纳入政府长期保障")
    DEATH = "death", _("去世")
    MOVED = "moved", _("迁出")
    INELIGIBLE = "ineligible", _("核查不符合条件")


class FlagKind(models.TextChoices):
    SAME_ID = "same_id", _("同一身份证号出现在其他家庭档案")
    SHARED_BANK = "shared_bank", _("银行账户与其他家庭相同")
    OVER_CAP = "over_cap", _("超过年度救助上限")
    STUDENT_FUNDED = "student_funded", _("学生已获其他项目资助")
    OVERLAP = "overlap", _("同期已获其他救助")
    CROSS_CAP = "cross_cap", _("超过跨项目年度救助上限")


class FlagStatus(models.TextChoices):
    OPEN = "open", _("待处理")
    OVERRIDDEN = "overridden", _("已说明放行")
    CLEARED = "cleared", _("已消除")


class ProgrammeKind(models.TextChoices):
    LIVING = "living", _("生活救助")
    MEDICAL = "medical", _("医疗救助")
    EDUCATION = "education", _("金秋助学")
    WARMTH = "warmth", _("送温暖")
    EMERGENCY = "emergency", _("临时救助")
    JOBLESS = "jobless", _("下岗失业救助")
    STARTUP = "startup", _("创业扶持（贷款贴息、创业补助）")


# Programmes whose beneficiaries are registered laid-off/unemployed workers, not households.
WORKER_PROGRAMMES = frozenset({ProgrammeKind.JOBLESS, ProgrammeKind.STARTUP})


class FundSource(models.TextChoices):
    UNION = "union", _("工会经费")
    GOVERNMENT = "government", _("财政资金")
    DONATION = "donation", _("社会捐赠")


class CycleStatus(models.TextChoices):
    OPEN = "open", _("申报中")
    APPROVED = "approved", _("名单已审批")
    CLOSED = "closed", _("已结束")


class EntitlementStatus(models.TextChoices):
    PROPOSED = "proposed", _("待审批")
    APPROVED = "approved", _("已审批")
    EXCLUDED = "excluded", _("已排除")


class ExcludedCause(models.TextChoices):
    """Why the system (not a person) excluded an entitlement; a person's reason is typed."""

    PURGED = "purged", _("档案个人信息已按保存期限清除")


class PaymentMethod(models.TextChoices):
    BANK = "bank", _("银行转账")
    CASH = "cash", _("现金")
    GOODS = "goods", _("实物")


class PaymentKind(models.TextChoices):
    PAYMENT = "payment", _("发放")
    REVERSAL = "reversal", _("冲正")


class JoblessStatus(models.TextChoices):
    LAID_OFF = "laid_off", _("下岗")
    UNEMPLOYED = "unemployed", _("失业")
    REEMPLOYED = "reemployed", _("已再就业")


class TrainingStatus(models.TextChoices):
    ENROLLED = "enrolled", _("在训")
    COMPLETED = "completed", _("已结业")
    DROPPED = "dropped", _("中途退出")


class ReferralOutcome(models.TextChoices):
    PENDING = "pending", _("待反馈")
    INTERVIEW = "interview", _("已面试")
    HIRED = "hired", _("已录用")
    REJECTED = "rejected", _("未录用")


class StartupKind(models.TextChoices):
    LOAN_SUBSIDY = "loan_subsidy", _("创业担保贷款贴息")
    GRANT = "grant", _("一次性创业补助")


class StartupStatus(models.TextChoices):
    APPLIED = "applied", _("已申请")
    APPROVED = "approved", _("已批准")
    REFUSED = "refused", _("未批准")
