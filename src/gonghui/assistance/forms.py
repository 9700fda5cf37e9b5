"""Forms of the assistance pages: they validate input; services hold the rules."""

from django import forms
from django.utils.translation import gettext_lazy as _

from gonghui.core.forms import BootstrapMixin, DateInput, yuan_field
from gonghui.core.text.punctuation import annotated

from .enums import (
    AttachmentKind,
    Cause,
    CostKind,
    DeclarationKind,
    Employment,
    ExitReason,
    FileStatus,
    FundSource,
    Health,
    IncomeKind,
    PaymentMethod,
    ProgrammeKind,
    ReferralOutcome,
    Relationship,
    Schooling,
    StartupKind,
    TrainingStatus,
)

DATE = DateInput()
TEXTAREA = forms.Textarea(attrs={"rows": 3})


class BootstrapForm(BootstrapMixin, forms.Form):
    """Bootstrap classes on every widget (core/forms.py BootstrapMixin)."""


class FindMemberForm(BootstrapForm):
    query = forms.CharField(label=_("会员证号或身份证号"), max_length=30)


class FileForm(BootstrapForm):
    causes = forms.MultipleChoiceField(
        label=_("致困原因"), choices=Cause.choices, widget=forms.SelectMultiple(attrs={"size": 7})
    )
    situation = forms.CharField(label=_("家庭困难情况"), widget=TEXTAREA, required=False)
    bank_name = forms.CharField(label=_("开户银行"), max_length=100, required=False)
    bank_account = forms.CharField(label=_("银行账号（本人名下）"), max_length=40, required=False)
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)


class HouseholdMemberForm(BootstrapForm):
    name = forms.CharField(label=_("姓名"), max_length=50)
    relationship = forms.ChoiceField(
        label=_("与申请人关系"), choices=[c for c in Relationship.choices if c[0] != "self"]
    )
    id_number = forms.CharField(label=_("身份证号"), max_length=30)
    health = forms.ChoiceField(label=_("健康状况"), choices=Health.choices)
    health_note = forms.CharField(label=_("疾病/残疾情况"), max_length=200, required=False)
    schooling = forms.ChoiceField(label=_("在学情况"), choices=Schooling.choices, required=False)
    school_name = forms.CharField(label=_("学校"), max_length=100, required=False)
    employment = forms.ChoiceField(label=_("就业状况"), choices=Employment.choices)
    monthly_income = yuan_field(_("月收入（元）"), initial=0)


class HouseholdIncomeForm(BootstrapForm):
    """A household member's own monthly income (the applicant's wage included)."""

    employment = forms.ChoiceField(label=_("就业状况"), choices=Employment.choices)
    monthly_income = yuan_field(_("月收入（元）"))


class AmountRowForm(BootstrapForm):
    kind = forms.ChoiceField(label=_("类型"))
    monthly_amount = yuan_field(_("月均金额（元）"))
    description = forms.CharField(label=_("说明"), max_length=200, required=False)

    def __init__(self, *args, choices, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = choices


class DeclarationForm(BootstrapForm):
    kind = forms.ChoiceField(label=_("申报项目"), choices=DeclarationKind.choices)
    count = forms.IntegerField(label=_("数量"), min_value=0, initial=1)
    description = forms.CharField(label=_("说明"), max_length=200, required=False)


ROW_FORMS = {
    "income": (AmountRowForm, {"choices": IncomeKind.choices}, _("其他收入")),
    "cost": (AmountRowForm, {"choices": CostKind.choices}, _("刚性支出")),
    "declaration": (DeclarationForm, {}, _("财产申报")),
}


class AttachmentForm(BootstrapForm):
    kind = forms.ChoiceField(label=_("材料类型"), choices=AttachmentKind.choices)
    upload = forms.FileField(label=_("文件"))


class VisitForm(BootstrapForm):
    visited_on = forms.DateField(label=_("走访日期"), widget=DATE)
    visitors = forms.CharField(label=_("走访人员"), max_length=200)
    findings = forms.CharField(label=_("核查情况"), widget=TEXTAREA)
    photo = forms.ImageField(label=_("照片"), required=False)


class FollowUpForm(BootstrapForm):
    visited_on = forms.DateField(label=_("回访日期"), widget=DATE)
    visitors = forms.CharField(label=_("回访人员"), max_length=200)
    findings = forms.CharField(label=_("回访情况"), widget=TEXTAREA)


class ReasonForm(BootstrapForm):
    reason = forms.CharField(label=_("理由"), widget=TEXTAREA, required=False)


class RequiredReasonForm(BootstrapForm):
    reason = forms.CharField(label=_("理由"), widget=TEXTAREA)


class ExitForm(BootstrapForm):
    reason = forms.ChoiceField(label=_("脱困原因"), choices=ExitReason.choices)
    note = forms.CharField(label=_("说明"), widget=TEXTAREA, required=False)


class ObjectionForm(BootstrapForm):
    received_on = forms.DateField(label=_("收到日期"), widget=DATE)
    content = forms.CharField(label=_("异议内容"), widget=TEXTAREA)


class ResolveForm(BootstrapForm):
    resolution = forms.CharField(label=_("处理结果"), widget=TEXTAREA)
    upheld = forms.BooleanField(label=_("异议成立"), required=False)


class YearlyReviewForm(BootstrapForm):
    year = forms.IntegerField(label=_("年度"), min_value=2000, max_value=2100)
    note = forms.CharField(label=_("说明"), widget=TEXTAREA, required=False)


class SpotCheckForm(BootstrapForm):
    year = forms.IntegerField(label=_("年度"), min_value=2000, max_value=2100)


class DibaoForm(BootstrapForm):
    org_code = forms.CharField(label=_("地区组织代码"), max_length=30)
    year = forms.IntegerField(label=_("年度"), min_value=2000, max_value=2100)
    monthly_amount = yuan_field(_("低保标准（元/人/月）"))
    note = forms.CharField(label=_("依据"), max_length=200, required=False)


class FileFilterForm(BootstrapForm):
    q = forms.CharField(label=_("姓名或档案编号"), required=False)
    status = forms.ChoiceField(
        label=_("状态"), required=False, choices=[("", _("全部状态")), *list(FileStatus.choices)]
    )
    category = forms.ChoiceField(
        label=_("类别"),
        required=False,
        choices=[
            ("", _("全部类别")),
            ("deep", _("深度困难")),
            ("relative", _("相对困难")),
            ("accident", _("意外致困")),
            ("none", _("不符合条件")),
        ],
    )


class ProgrammeForm(BootstrapForm):
    kind = forms.ChoiceField(label=_("项目类型"), choices=ProgrammeKind.choices)
    name = forms.CharField(label=_("项目名称"), max_length=100)
    description = forms.CharField(label=_("说明"), widget=TEXTAREA, required=False)


class CycleForm(BootstrapForm):
    name = forms.CharField(label=_("批次名称"), max_length=100)
    year = forms.IntegerField(label=_("年度"), min_value=2000, max_value=2100)
    start_date = forms.DateField(label=_("开始日期"), widget=DATE)
    end_date = forms.DateField(label=_("结束日期"), widget=DATE)
    cash_amount = yuan_field(_("每户现金标准（送温暖，留空用默认）"), required=False)
    goods_value = yuan_field(_("每户物资价值（送温暖，留空用默认）"), required=False)
    goods_description = forms.CharField(label=_("物资"), max_length=200, required=False)


class BudgetForm(BootstrapForm):
    org_code = forms.CharField(label=_("出资工会代码"), max_length=30)
    fund_source = forms.ChoiceField(label=_("资金来源"), choices=FundSource.choices)
    amount = yuan_field(_("预算（元）"))


class NominateForm(BootstrapForm):
    file_number = forms.CharField(label=_("档案编号"), max_length=20, required=False)
    worker_id_number = forms.CharField(
        label=_("下岗失业职工身份证号（下岗失业救助、创业扶持）"), max_length=30, required=False
    )
    student_name = forms.CharField(
        label=_("学生姓名（金秋助学，须为本户成员）"), max_length=50, required=False
    )
    amount = yuan_field(_("金额（生活/医疗/临时救助）"), required=False)
    own_share = yuan_field(_("个人自付医疗费用（医疗救助）"), required=False)
    fund_source = forms.ChoiceField(
        label=_("资金来源"),
        required=False,
        choices=[("", _("自动（就近预算）")), *list(FundSource.choices)],
    )


class PaymentForm(BootstrapForm):
    method = forms.ChoiceField(label=_("发放方式"), choices=PaymentMethod.choices)
    paid_on = forms.DateField(label=_("发放日期"), widget=DATE)
    note = forms.CharField(label=_("备注"), max_length=200, required=False)
    idempotency_key = forms.CharField(widget=forms.HiddenInput)


class ReverseForm(BootstrapForm):
    reason = forms.CharField(label=_("冲正理由"), max_length=200)
    idempotency_key = forms.CharField(widget=forms.HiddenInput)


class WarmthVisitForm(BootstrapForm):
    visited_on = forms.DateField(label=_("慰问走访日期"), widget=DATE)
    visitors = forms.CharField(label=_("走访人员"), max_length=200)
    signed_off_on = forms.DateField(label=_("签收日期"), widget=DATE, required=False)


class SignoffCorrectionForm(BootstrapForm):
    signed_off_on = forms.DateField(label=_("更正后的签收日期"), widget=DATE)
    reason = forms.CharField(
        label=_("更正理由"), max_length=200, widget=forms.Textarea(attrs={"rows": 2})
    )


class ExternalAidForm(BootstrapForm):
    """Outside aid a person received (e.g. a civil-affairs grant, 民政救助)."""

    person_name = forms.CharField(label=_("姓名"), max_length=50)
    id_number = forms.CharField(label=_("身份证号"), max_length=30)
    source = forms.CharField(label=_("资助来源"), max_length=100)
    amount = yuan_field(_("金额（元）"))
    granted_on = forms.DateField(label=_("发放日期"), widget=DATE)
    note = forms.CharField(label=_("备注"), max_length=200, required=False)


class JoblessForm(BootstrapForm):
    name = forms.CharField(label=_("姓名"), max_length=50)
    id_number = forms.CharField(label=_("身份证号"), max_length=30)
    status = forms.ChoiceField(
        label=_("状态"), choices=[("laid_off", _("下岗")), ("unemployed", _("失业"))]
    )
    member_card = forms.CharField(label=_("会员证号（会员填写）"), max_length=30, required=False)
    skills = forms.CharField(label=_("技能"), max_length=200, required=False)
    needs = forms.CharField(label=_("需求"), max_length=200, required=False)
    bank_name = forms.CharField(label=_("开户银行"), max_length=100, required=False)
    bank_account = forms.CharField(label=_("银行账号（本人名下）"), max_length=40, required=False)


class JoblessEditForm(BootstrapForm):
    skills = forms.CharField(label=_("技能"), max_length=200, required=False)
    needs = forms.CharField(label=_("需求"), max_length=200, required=False)
    bank_name = forms.CharField(label=_("开户银行"), max_length=100, required=False)
    bank_account = forms.CharField(label=_("银行账号（本人名下）"), max_length=40, required=False)
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)


class TrainingForm(BootstrapForm):
    course = forms.CharField(label=_("培训课程"), max_length=150)
    provider = forms.CharField(label=_("培训机构"), max_length=150)
    start_date = forms.DateField(label=_("开始日期"), widget=DATE)
    end_date = forms.DateField(label=_("结束日期（预计）"), widget=DATE, required=False)
    note = forms.CharField(label=_("备注"), max_length=200, required=False)


class TrainingUpdateForm(BootstrapForm):
    status = forms.ChoiceField(label=_("状态"), choices=TrainingStatus.choices)
    end_date = forms.DateField(label=_("结束日期"), widget=DATE, required=False)
    certificate_obtained = forms.BooleanField(label=_("取得证书"), required=False)
    certificate_name = forms.CharField(label=_("证书名称"), max_length=150, required=False)
    note = forms.CharField(label=_("备注"), max_length=200, required=False)
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)


class ReferralForm(BootstrapForm):
    employer_code = forms.CharField(
        label=_("已登记单位的统一社会信用代码（可选）"), max_length=18, required=False
    )
    employer_name = forms.CharField(
        label=_("用人单位名称（未登记单位填写）"), max_length=150, required=False
    )
    position = forms.CharField(label=_("岗位"), max_length=100)
    referred_on = forms.DateField(label=_("推荐日期"), widget=DATE)
    note = forms.CharField(label=_("备注"), max_length=200, required=False)


class ReferralOutcomeForm(BootstrapForm):
    outcome = forms.ChoiceField(
        label=_("结果"), choices=[c for c in ReferralOutcome.choices if c[0] != "pending"]
    )
    outcome_on = forms.DateField(label=_("结果日期"), widget=DATE)
    note = forms.CharField(label=_("备注"), max_length=200, required=False)
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)


class StartupForm(BootstrapForm):
    kind = forms.ChoiceField(label=_("扶持方式"), choices=StartupKind.choices)
    business_name = forms.CharField(label=_("创业项目/经营主体"), max_length=150)
    amount = yuan_field(_("贴息/补助金额（元）"))
    applied_on = forms.DateField(label=_("申请日期"), widget=DATE)
    lender = forms.CharField(label=_("贷款银行（贴息填写）"), max_length=100, required=False)
    loan_amount = yuan_field(_("贷款金额（贴息填写）"), required=False)
    loan_start = forms.DateField(label=_("贷款起始日（贴息填写）"), widget=DATE, required=False)
    loan_months = forms.IntegerField(
        label=_("贷款期限（月，贴息填写）"), required=False, min_value=1, max_value=600
    )
    note = forms.CharField(label=_("备注"), max_length=200, required=False)


class StartupDecisionForm(BootstrapForm):
    decision = forms.ChoiceField(
        label=_("审批"), choices=[("approve", _("批准")), ("refuse", _("不批准"))]
    )
    decided_on = forms.DateField(label=_("审批日期"), widget=DATE)
    note = forms.CharField(label=_("说明"), max_length=200, required=False)


class WorkerNominateForm(BootstrapForm):
    """Put a registered worker on a 下岗失业救助 / 创业扶持 cycle."""

    cycle = forms.ModelChoiceField(label=_("批次"), queryset=None)
    amount = yuan_field(_("金额（元；创业扶持按批准金额）"), required=False)
    fund_source = forms.ChoiceField(
        label=_("资金来源"),
        required=False,
        choices=[("", _("自动（就近预算）")), *list(FundSource.choices)],
    )

    def __init__(self, *args, cycles, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["cycle"].queryset = cycles
        self.fields["cycle"].label_from_instance = lambda c: annotated(
            f"{c.programme.name} · {c.name}", c.programme.get_kind_display()
        )


class ReemploymentForm(BootstrapForm):
    reemployed_on = forms.DateField(label=_("再就业日期"), widget=DATE)
    employer_code = forms.CharField(
        label=_("已登记单位的统一社会信用代码（可选）"), max_length=18, required=False
    )
    employer = forms.CharField(
        label=_("再就业单位名称（未登记单位填写）"), max_length=150, required=False
    )
