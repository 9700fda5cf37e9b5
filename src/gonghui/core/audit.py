"""Audit events: every service write records one in the same transaction.

The client address and the acting role come from the request context (set by the middleware), so
services need only name the actor, the action and the object.
"""

import re
from contextvars import ContextVar

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .fields import sensitive_field_names
from .models import AuditEvent
from .scoping import current_scope

client_ip: ContextVar = ContextVar("gonghui_client_ip", default=None)


def _org_of(obj):
    if obj is None:
        return None
    from .tree import Org

    if isinstance(obj, Org):
        return obj
    return getattr(obj, "org", None)


def _repr_of(obj):
    """What the row keeps as the object's name. Objects holding personal data (any encrypted
    field: members, hardship files, requests...) keep none: the row names them by type and id and
    the log shows their name live while they exist, so a purge leaves no name behind (issue 12,
    finding 8)."""
    if obj is None:
        return ""
    if isinstance(obj, models.Model) and sensitive_field_names(obj.__class__):
        return ""
    return str(obj)[:200]


def live_names(events):
    """``{(object_type, object_id): name}`` for events whose row keeps no name, read from the
    objects that still exist (one query per type)."""
    from django.apps import apps

    wanted = {}
    for event in events:
        if not event.object_repr and event.object_type and event.object_id:
            wanted.setdefault(event.object_type, set()).add(event.object_id)
    names = {}
    for label, ids in wanted.items():
        try:
            model = apps.get_model(label)
        except (LookupError, ValueError):
            continue
        manager = getattr(model, "unscoped", model._base_manager)
        for obj in manager.filter(pk__in=list(ids)):
            names[(label, str(obj.pk))] = str(obj)[:200]
    return names


def _event(actor, action, obj=None, *, org=None, changes=None, extra=None, at=None):
    org = org or _org_of(obj)
    scope = current_scope(required=False)
    org_path = org.path if org is not None else (scope.org_path if scope else "")
    return AuditEvent(
        actor=actor if getattr(actor, "pk", None) else None,
        actor_name=str(actor) if actor is not None and getattr(actor, "pk", None) else "",
        role=scope.role if scope else "",
        org=org,
        org_path=org_path,
        action=action,
        object_type=obj._meta.label_lower if isinstance(obj, models.Model) else "",
        object_id=str(obj.pk) if isinstance(obj, models.Model) else "",
        object_repr=_repr_of(obj),
        changes=changes or {},
        extra=extra or {},
        ip=client_ip.get(),
        **({"at": at} if at is not None else {}),
    )


def record(actor, action, obj=None, *, org=None, changes=None, extra=None, at=None):
    """Write one audit event. ``changes`` must hold no sensitive values (see ``diff``); ``at``
    may coarsen the time where precision would identify someone (anonymous intake)."""
    event = _event(actor, action, obj, org=org, changes=changes, extra=extra, at=at)
    event.save()
    return event


def record_many(actor, action, objects, *, org=None, extra=None):
    """Bulk writes write bulk audit rows: one event per object, in one INSERT."""
    events = [_event(actor, action, obj, org=org, extra=extra) for obj in objects]
    AuditEvent.objects.bulk_create(events, batch_size=1000)
    return len(events)


def bulk_context(actor, org, extra=None):
    """The acting context of a bulk write (time, actor, role, org, client address), taken in the
    caller's thread for ``record_for_ids`` (which may run on a raw connection)."""
    scope = current_scope(required=False)
    actor_id = getattr(actor, "pk", None)
    return {
        "now": timezone.now(),
        "actor_id": actor_id,
        "actor_name": str(actor) if actor_id else "",
        "role": scope.role if scope else "",
        "org_id": org.pk,
        "org_path": org.path,
        "extra": extra,
        "ip": client_ip.get(),
    }


def record_for_ids(cursor, context, *, action, model, ids):
    """One audit event per row ``ids`` of ``model`` in a single ``INSERT … SELECT`` (PostgreSQL
    bulk paths that COPY their rows): the rows ``record`` writes one at a time, without a round
    trip per object. ``context`` comes from ``bulk_context``; ``context["extra"]`` is JSON text."""
    table = model._meta.db_table
    if not re.fullmatch(r"[a-z][a-z0-9_]*", table):  # only names Django made go into the SQL
        raise ValueError(f"not a table name: {table!r}")
    cursor.execute(
        f"INSERT INTO {AuditEvent._meta.db_table} (at, actor_id, actor_name, role, org_id,"  # noqa: S608
        " org_path, action, object_type, object_id, object_repr, changes, extra, ip)"
        " SELECT %s, %s, %s, %s, %s, %s, %s, %s, id::text, '', '{}'::jsonb, %s::jsonb, %s"
        f" FROM {table} WHERE id = ANY(%s)",
        [
            context["now"],
            context["actor_id"],
            context["actor_name"],
            context["role"],
            context["org_id"],
            context["org_path"],
            action,
            model._meta.label_lower,
            context["extra"],
            context["ip"],
            ids,
        ],
    )


def snapshot(obj, fields=None):
    """The non-sensitive field values of ``obj`` as JSON-ready text, for ``diff``."""
    hidden = sensitive_field_names(type(obj))
    values = {}
    for field in obj._meta.concrete_fields:
        if field.name in hidden or getattr(field, "source", None) or field.primary_key:
            continue
        if fields is not None and field.name not in fields:
            continue
        value = getattr(obj, field.attname)
        values[field.name] = None if value is None else str(value)
    return values


def diff(before, after):
    """{field: [old, new]} for the fields that changed between two snapshots."""
    return {
        name: [before.get(name), value]
        for name, value in after.items()
        if before.get(name) != value
    }


# ---------------------------------------------------------------- labels and links for the log
# An auditor reads Chinese, never code names: every action is labelled from these tables (a whole
# action, else its object and its verb, else its module), and every object type by its model's
# name. tests/core/test_audit_log.py checks that every action written in the code has a label.

# Whole actions whose composed label would read badly.
ACTION_LABELS = {
    "core.sensitive.reveal": _("查看敏感信息明文"),
    "core.user.login": _("登录"),
    "portal.login": _("会员登录"),
    "portal.login.fail": _("会员登录失败"),
    "core.audit.export": _("导出审计日志"),
    "assistance.payment_list.print": _("打印发放名单（签收表）"),
    "contests.round.score": _("轮次评分"),
    "funds.dues.paid": _("会费 · 标记已缴"),
    "funds.dues_roll.generate": _("生成月度会费清单"),
    "funds.payer.match": _("匹配未知缴款单位"),
    "funds.payer.unmatch": _("撤销缴款单位匹配"),
    "funds.arrears.auto_remind": _("按月自动发送欠缴提醒"),
    "funds.review.finding": _("经费审查 · 记录问题"),
    "life.course.officials": _("培训课程 · 登记干部学员"),
    "organising.founding.consent": _("建会 · 上级书面同意"),
    "organising.founding.elected": _("建会 · 确认选举结果"),
    "organising.founding.election": _("建会 · 设立会员大会选举"),
    "organising.founding.request_approval": _("建会 · 报请批复"),
    "organising.founding.request_consent": _("建会 · 报请同意"),
    "organising.founding.return_approval": _("建会 · 退回批复请示"),
    "organising.founding.return_consent": _("建会 · 退回同意请示"),
    "organising.prospect.join": _("未建会单位 · 加入联合/区域/行业工会"),
    "organising.term_change.approve_plan": _("换届 · 批准选举方案"),
    "organising.term_change.approve_result": _("换届 · 批准选举结果"),
    "organising.term_change.election": _("换届 · 设立选举"),
    "organising.term_change.return_plan": _("换届 · 退回选举方案"),
    "organising.term_change.return_result": _("换届 · 退回选举结果"),
    "organising.term_change.submit_result": _("换届 · 上报选举结果"),
}

# Modules, for actions of an object not listed below.
APP_LABELS = {
    "assemblies": _("职代会"),
    "assistance": _("困难帮扶"),
    "contests": _("劳动竞赛"),
    "core": _("系统"),
    "honours": _("评优表彰"),
    "innovation": _("合理化建议"),
    "life": _("工会活动"),
    "members": _("会员"),
    "orgs": _("组织"),
    "portal": _("会员服务"),
    "reports": _("统计报表"),
    "rights": _("职工维权"),
    "workplace": _("厂务公开与集体合同"),
    "funds": _("工会经费"),
    "organising": _("组建工会"),
}

# What an action acts on: ``<app>.<object>``.
OBJECT_LABELS = {
    "assemblies.agenda": _("会议议程"),
    "assemblies.checkin": _("签到"),
    "assemblies.congress": _("职代会"),
    "assemblies.constituency": _("代表团（组）"),
    "assemblies.delegate": _("职工代表"),
    "assemblies.document": _("会议文件"),
    "assemblies.poll": _("表决"),
    "assemblies.proposal": _("职代会提案"),
    "assemblies.session": _("会议"),
    "assemblies.tally": _("计票"),
    "assistance.attachment": _("档案附件"),
    "assistance.budget": _("预算"),
    "assistance.cost": _("支出项"),
    "assistance.cycle": _("帮扶批次"),
    "assistance.declaration": _("申报事项"),
    "assistance.dibao": _("低保标准"),
    "assistance.entitlement": _("帮扶名单"),
    "assistance.exclusion": _("排除规则放行"),
    "assistance.external_aid": _("外部救助"),
    "assistance.household": _("家庭成员"),
    "assistance.file": _("困难档案"),
    "assistance.income": _("收入项"),
    "assistance.jobless": _("失业职工"),
    "assistance.flag": _("异常提示"),
    "assistance.objection": _("公示异议"),
    "assistance.payment": _("发放记录"),
    "assistance.payment_list": _("发放名单"),
    "assistance.programme": _("帮扶项目"),
    "assistance.referral": _("转介"),
    "assistance.spot_check": _("抽查"),
    "assistance.startup": _("创业扶持"),
    "assistance.training": _("培训"),
    "assistance.visit": _("入户核查"),
    "assistance.row": _("收支项"),
    "contests.board": _("排行榜"),
    "contests.campaign": _("劳动竞赛"),
    "contests.conflict": _("回避"),
    "contests.contestant": _("参赛选手"),
    "contests.entry": _("竞赛数据"),
    "contests.event": _("技能比赛"),
    "contests.indicator": _("竞赛指标"),
    "contests.judge": _("裁判"),
    "contests.score": _("评分"),
    "contests.team": _("参赛班组"),
    "core.import": _("数据导入"),
    "core.role": _("角色"),
    "core.sensitive": _("敏感信息"),
    "core.setting": _("规则设置"),
    "core.sms": _("短信"),
    "core.token": _("API 令牌"),
    "core.user": _("用户"),
    "core.audit": _("审计日志"),
    "honours.award_type": _("荣誉类别"),
    "honours.criterion": _("评分标准"),
    "honours.document": _("推荐材料"),
    "honours.judge": _("评委"),
    "honours.nomination": _("荣誉推荐"),
    "honours.objection": _("公示异议"),
    "honours.round": _("评选"),
    "honours.score": _("评分"),
    "innovation.bands": _("奖励档次"),
    "innovation.milestone": _("实施节点"),
    "innovation.proposal": _("合理化建议"),
    "innovation.review": _("评审"),
    "innovation.rubric": _("评审标准"),
    "life.activity": _("活动"),
    "life.notice": _("通知"),
    "life.profile": _("个人资料"),
    "life.signup": _("活动报名"),
    "life.survey": _("问卷"),
    "members.application": _("入会申请"),
    "members.member": _("会员"),
    "members.stats": _("会员统计"),
    "members.transfer": _("会籍接转"),
    "members.import": _("会员导入"),
    "orgs.employer": _("单位"),
    "orgs.official": _("工会干部"),
    "orgs.org": _("工会组织"),
    "orgs.term": _("任期"),
    "portal.account": _("会员账号"),
    "portal.activation": _("账号激活"),
    "portal.code": _("验证码"),
    "portal.consent": _("同意书"),
    "portal.correction": _("信息更正请求"),
    "portal.data": _("个人数据"),
    "portal.invitation": _("激活邀请"),
    "portal.login": _("会员登录"),
    "portal.member": _("会员账号关联"),
    "portal.official": _("干部账号关联"),
    "portal.password": _("会员密码"),
    "reports.annual_return": _("年报"),
    "reports.filing_return": _("填报"),
    "reports.filing_task": _("填报任务"),
    "reports.return_layout": _("报表样式"),
    "rights.case": _("法律援助/调解案件"),
    "rights.course": _("培训课程"),
    "rights.home": _("职工之家"),
    "rights.request": _("职工诉求"),
    "workplace.attachment": _("附件"),
    "workplace.category": _("公开类别"),
    "workplace.commitment": _("共同约定"),
    "workplace.consultation": _("集体协商"),
    "workplace.contract": _("集体合同"),
    "workplace.disclosure": _("厂务公开"),
    "workplace.question": _("询问/异议"),
    "workplace.representative": _("协商代表"),
}

# What was done: the last part of the action.
VERB_LABELS = {
    "acknowledge": _("确认收到"),
    "activate": _("激活"),
    "add": _("添加"),
    "add_claim": _("添加请求事项"),
    "add_party": _("添加当事人"),
    "add_question": _("添加题目"),
    "add_session": _("添加调解记录"),
    "agree": _("达成协议"),
    "answer": _("答复"),
    "apply": _("申请"),
    "approve": _("批准"),
    "ask": _("提出"),
    "assess": _("评估"),
    "assign": _("指定承办"),
    "assign_reviewers": _("指定评审人"),
    "attach": _("上传附件"),
    "attendance": _("登记出勤"),
    "award": _("授予"),
    "cancel": _("取消"),
    "change": _("修改"),
    "change_password": _("修改密码"),
    "change_status": _("变更会籍状态"),
    "check": _("检查"),
    "check_in": _("签到"),
    "choose_conflicts": _("处理冲突"),
    "close": _("关闭"),
    "code_sent": _("发送验证码"),
    "complete": _("完成"),
    "conclude": _("结束"),
    "confirm": _("确认"),
    "correct": _("更正"),
    "create": _("新建"),
    "create_default": _("新建默认标准"),
    "criterion": _("设置评估标准"),
    "decide": _("决定"),
    "dissolve": _("撤销"),
    "download": _("下载"),
    "draft": _("起草"),
    "draw": _("抽取"),
    "end": _("结束任职"),
    "enrol": _("报名"),
    "enter": _("录入"),
    "escalate": _("逾期升级"),
    "exclude": _("排除"),
    "exit": _("脱困退出"),
    "export": _("导出"),
    "fail": _("失败"),
    "file": _("报送审查"),
    "fix_row": _("修改导入行"),
    "follow_up": _("脱困回访"),
    "forecast": _("修改预计效益"),
    "freeze": _("封榜"),
    "grant": _("授予"),
    "id_lookup": _("按身份证号查找"),
    "implementation": _("更新实施情况"),
    "import": _("导入"),
    "in_force": _("生效"),
    "income": _("登记收入"),
    "initiate": _("发起"),
    "leader": _("指定负责人"),
    "link": _("关联"),
    "link_user": _("关联账号"),
    "login": _("登录"),
    "map_values": _("对应取值"),
    "merge": _("合并"),
    "minutes": _("记录会议纪要"),
    "move": _("调整隶属"),
    "nominate": _("推荐"),
    "not_award": _("不予授予"),
    "note": _("添加办理记录"),
    "objected": _("有异议"),
    "open": _("开启"),
    "outcome": _("登记结果"),
    "override": _("申请放行"),
    "phone_mismatch": _("手机号不符"),
    "photo": _("上传照片"),
    "post": _("发布"),
    "print": _("打印"),
    "promote": _("递补"),
    "publish": _("公布"),
    "publish_notice": _("开始公示"),
    "purge": _("清除"),
    "read": _("阅读"),
    "record": _("登记"),
    "recover": _("追回"),
    "recuse": _("回避"),
    "reemployed": _("再就业"),
    "refuse": _("拒绝"),
    "register": _("登记"),
    "reject": _("驳回"),
    "rejoin": _("重新入会"),
    "release": _("发布"),
    "remind": _("提醒"),
    "remove": _("删除"),
    "reopen": _("重新打开"),
    "report": _("报告"),
    "request": _("申请"),
    "reset": _("重置"),
    "reset_password": _("重置密码"),
    "resolve": _("处理"),
    "respond": _("回复"),
    "resubmit": _("重新提交"),
    "retry": _("重试"),
    "return": _("退回"),
    "accept": _("接收"),
    "reveal": _("查看明文"),
    "reverse": _("冲销"),
    "review": _("审核"),
    "review_yearly": _("年审"),
    "revise": _("修订"),
    "revoke": _("撤销"),
    "round": _("记录协商轮次"),
    "save": _("保存"),
    "send": _("发送"),
    "set": _("设置"),
    "sign": _("签订"),
    "signoff_correct": _("更正签收"),
    "staff": _("工作人员代签到"),
    "start": _("开始"),
    "start_review": _("开始评审"),
    "submit": _("提交"),
    "summarise": _("总结"),
    "tie_rule": _("设置并列规则"),
    "totp_reset": _("重置动态口令"),
    "totp_reset_cancel": _("取消重置动态口令"),
    "totp_reset_request": _("申请重置动态口令"),
    "transfer": _("转办"),
    "two_factor": _("二次验证"),
    "unlink": _("解除关联"),
    "update": _("修改"),
    "upload": _("上传"),
    "visit": _("入户核查"),
    "vote": _("表决"),
    "withdraw": _("撤回"),
    "commit": _("提交导入"),
    "triage": _("受理"),
    "adopt": _("采纳"),
    "start_implementation": _("开始实施"),
    "confirm_benefit": _("确认效益"),
    "approve_reward": _("审批奖励"),
    "record_payment": _("登记发放"),
}

# The page of an object, by model label (``<app>.<model>``) -> URL name taking ``pk`` (orgs by
# code). Events of objects not listed (or gone) show their name without a link.
OBJECT_URLS = {
    "assistance.hardshipfile": "assistance:file",
    "assistance.programme": "assistance:programme",
    "assistance.cycle": "assistance:cycle",
    "assistance.joblessworker": "assistance:jobless_worker",
    "members.member": "members:detail",
    "members.transfer": "members:transfer_detail",
    "members.joinapplication": "members:application_detail",
    "rights.workerrequest": "rights:detail",
    "rights.case": "rights:case_detail",
    "rights.homerating": "rights:home_detail",
    "honours.awardround": "honours:round",
    "honours.nomination": "honours:nomination",
    "innovation.proposal": "innovation:detail",
    "workplace.contract": "workplace:contract",
    "workplace.consultation": "workplace:consultation",
    "workplace.disclosure": "workplace:disclosure",
    "workplace.jointcommitment": "workplace:commitment",
    "assemblies.congress": "assemblies:congress",
    "assemblies.session": "assemblies:session",
    "assemblies.poll": "assemblies:poll",
    "assemblies.proposal": "assemblies:proposal",
    "contests.campaign": "contests:detail",
    "contests.skillevent": "contests:event",
    "life.notice": "life:notice",
    "life.activity": "life:activity",
    "life.survey": "life:survey",
}


def action_label(action):
    """The Chinese label of an audit action (``assistance.file.submit`` -> 困难档案 · 提交)."""
    if action in ACTION_LABELS:
        return str(ACTION_LABELS[action])
    app, _sep, rest = action.partition(".")
    obj, _sep, verb = rest.rpartition(".")
    if not obj:  # two parts only, e.g. ``portal.login``
        obj, verb = rest, ""
    subject = OBJECT_LABELS.get(f"{app}.{obj}") or OBJECT_LABELS.get(f"core.{obj}")
    subject = str(subject or APP_LABELS.get(app, _("其他")))
    done = VERB_LABELS.get(verb)
    return f"{subject} · {done}" if done else subject


def object_type_label(object_type):
    """The name of a model (``assistance.hardshipfile`` -> 困难档案) for the log's object column."""
    from django.apps import apps

    if not object_type:
        return ""
    try:
        return str(apps.get_model(object_type)._meta.verbose_name)
    except (LookupError, ValueError):
        return str(_("其他对象"))


def object_url(object_type, object_id):
    """The page of an event's object, or '' when it has none."""
    from django.urls import NoReverseMatch, reverse

    name = OBJECT_URLS.get(object_type)
    if object_type == "orgs.org" and object_id:
        from gonghui.core.tree import Org

        code = Org.objects.filter(pk=object_id).values_list("code", flat=True).first()
        return reverse("orgs:detail", args=[code]) if code else ""
    if not name or not str(object_id).isdigit():
        return ""
    try:
        return reverse(name, args=[int(object_id)])
    except NoReverseMatch:
        return ""


def subject_of(term):
    """``(type label, name, url)`` of the one object a ``type#id`` filter names, else None."""
    object_type, sep, object_id = (term or "").strip().partition("#")
    if not sep or not object_id.strip():
        return None
    object_type, object_id = object_type.strip().lower(), object_id.strip()
    names = live_names([AuditEvent(object_type=object_type, object_id=object_id)])
    return (
        object_type_label(object_type),
        names.get((object_type, object_id), object_id),
        object_url(object_type, object_id),
    )


def history_url(obj):
    """The audit log filtered to one object (the link from an object's page to its history)."""
    from urllib.parse import urlencode

    from django.urls import reverse

    term = f"{obj._meta.label_lower}#{obj.pk}"
    return reverse("core:audit") + "?" + urlencode({"object": term})


# Keys of ``extra`` an auditor sees, in words.
EXTRA_LABELS = {
    "rows": _("行数"),
    "reason": _("理由"),
    "field": _("字段"),
    "filter": _("筛选条件"),
    "outcome": _("结论"),
    "cycle": _("帮扶批次"),
    "category": _("类别"),
    "channel": _("渠道"),
    "anonymous": _("匿名"),
    "urgent": _("紧急"),
    "notice_end": _("公示截止"),
    "rule": _("规则"),
    "file": _("文件"),
    "objection": _("异议"),
    "kind": _("类型"),
    "status": _("状态"),
    "count": _("数量"),
}


def _field_label(model, name):
    from django.core.exceptions import FieldDoesNotExist

    try:
        return str(model._meta.get_field(name).verbose_name)
    except FieldDoesNotExist:  # a removed field keeps its own name
        return name


def _value_text(value):
    """A recorded value in words: 是/否, "—", lists joined, never a Python repr."""
    from .config import display

    return display(value)


def _coded_field(model, name, value):
    """A field called ``name`` of ``model`` or of another model of its app (an event on a file
    may note a household member's ``relationship``): the first whose choices hold ``value``,
    else the object's own field of that name."""
    from django.apps import apps

    found = []
    for candidate in [model, *apps.get_app_config(model._meta.app_label).get_models()]:
        try:
            field = candidate._meta.get_field(name)
        except Exception:  # noqa: S112  (FieldDoesNotExist, or a relation's reverse accessor)
            continue
        if not getattr(field, "verbose_name", None):
            continue
        if isinstance(value, str) and value in dict(getattr(field, "choices", None) or ()):
            return field
        found.append((candidate is model, field))
    own = [field for is_own, field in found if is_own]
    return own[0] if own else None


def _extra_words(model, key, value):
    """``(label, value)`` of one ``extra`` entry in words: its field's name and choice label."""
    field = _coded_field(model, key, value) if model is not None else None
    label = EXTRA_LABELS.get(key) or (field.verbose_name if field else _("说明"))
    choices = dict(getattr(field, "choices", None) or ())
    if isinstance(value, str) and value in choices:
        value = str(choices[value])
    elif isinstance(value, (list, tuple)):
        value = [str(choices[v]) if isinstance(v, str) and v in choices else v for v in value]
    return label, value


def describe(events):
    """Give each event of a page the words an auditor reads: ``action_text``, ``type_text``,
    ``display_name`` (kept or live), ``url`` of its object, and ``change_lines`` /
    ``extra_lines`` with field names in Chinese. A few queries per page, not per row."""
    from django.apps import apps

    from .roles import Role

    roles = dict(Role.choices)
    names = live_names(events)
    for event in events:
        event.role_text = str(roles.get(event.role, ""))
        try:
            model = apps.get_model(event.object_type) if event.object_type else None
        except (LookupError, ValueError):
            model = None
        event.action_text = action_label(event.action)
        event.type_text = object_type_label(event.object_type)
        event.display_name = event.object_repr or names.get(
            (event.object_type, event.object_id), ""
        )
        event.url = object_url(event.object_type, event.object_id)
        event.change_lines = [
            (_field_label(model, k) if model else k, _value_text(v[0]), _value_text(v[1]))
            for k, v in (event.changes or {}).items()
            if isinstance(v, (list, tuple)) and len(v) == 2
        ]
        event.extra_lines = []
        for key, value in (event.extra or {}).items():
            if key == "field" and model is not None:
                value = _field_label(model, value)
            label, value = _extra_words(model, key, value)
            event.extra_lines.append((str(label), _value_text(value)))
    return events


def action_choices():
    """The filter's choices: whole labelled actions and every labelled object."""
    choices = [(key, str(label)) for key, label in ACTION_LABELS.items()]
    choices += [(key, str(label)) for key, label in OBJECT_LABELS.items()]
    return [("", str(_("全部操作"))), *sorted(choices, key=lambda c: c[1])]


def action_q(value):
    """Events of one labelled action, of every action on one object (``app.object``), or whose
    code contains the words typed."""
    if value in ACTION_LABELS:
        return models.Q(action=value)
    if value in OBJECT_LABELS:
        return models.Q(action__startswith=value + ".")
    return models.Q(action__icontains=value)


def events_workbook(events):
    """The described events as .xlsx bytes (core.exports: strings never become formulas)."""
    import io

    from django.utils import timezone

    from .exports import workbook

    buffer = io.BytesIO()
    book = workbook(buffer)
    sheet = book.add_worksheet(str(_("审计日志")))
    headers = [_("时间"), _("操作人"), _("角色"), _("操作"), _("对象类型"), _("对象"),
               _("对象编号"), _("变更/说明"), _("地址")]  # fmt: skip
    sheet.write_row(0, 0, [str(h) for h in headers])
    for row, e in enumerate(events, start=1):
        notes = [f"{k}: {a} → {b}" for k, a, b in e.change_lines]
        notes += [f"{k}: {v}" for k, v in e.extra_lines]
        sheet.write_row(row, 0, [
            timezone.localtime(e.at).strftime("%Y-%m-%d %H:%M:%S"), e.actor_name or "—",
            e.role_text, e.action_text, e.type_text, e.display_name,
            e.object_id, "\n".join(notes), e.ip or "",
        ])  # fmt: skip
    sheet.set_column(0, 0, 20)
    sheet.set_column(1, 6, 16)
    sheet.set_column(7, 7, 48)
    book.close()
    return buffer.getvalue()
