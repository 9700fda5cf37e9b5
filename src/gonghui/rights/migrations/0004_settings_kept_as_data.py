# What decided a request's deadline and urgency, a home's level and a timeline line is kept as
# data (the setting's key, value and version; the category, the number of workers, the channel,
# the score...) and worded when read, in the reader's language (issue 20, item 8). The words
# stored so far were written in Chinese by the services: they are read back into data here
# (add the new fields, convert, drop the old ones). A text that does not read as the services
# wrote it is kept as written ({"text": ...} for a rule, the line's text for an event).

import re

from django.db import migrations, models

# The Chinese labels of the settings the old texts name, with the shipped defaults of the
# settings whose value cannot be read back from the words (copies: a migration does not import
# the app's code).
_LABELS = {
    "逾期升级后上级工会办理期限（工作日）": "rights.escalation_days",
    "欠薪诉求紧急人数": "rights.urgent_wage_workers",
    "一律紧急的诉求类别": "rights.urgent_categories",
    "职工之家评定等级": "rights.home_levels",
    "职工之家评定有效期（年）": "rights.home_validity_years",
    "到期提醒提前量（工作日）": "rights.reminder_days",
}
_DEFAULTS = {
    "rights.urgent_categories": ["safety"],
    "rights.home_levels": [
        {"min": 90, "level": "模范职工之家"},
        {"min": 75, "level": "合格职工之家"},
        {"min": 0, "level": "未达标"},
    ],
}
_RULE = re.compile(r"^(?P<label>.+?) = (?P<value>.*)（(?:v(?P<version>\d+)|默认)）$")
_DATE = r"(\d{4}-\d{2}-\d{2})"


def _choices(apps, model, field):
    return dict(apps.get_model("rights", model)._meta.get_field(field).choices)


class _Reader:
    """Reads the old words back into data."""

    def __init__(self, apps):
        self.settings = apps.get_model("core", "SettingValue")
        self.categories = _choices(apps, "WorkerRequest", "category")
        self.by_label = dict(_LABELS)
        for code, label in self.categories.items():
            self.by_label[f"诉求办理期限：{label}（工作日）"] = f"rights.deadline_days.{code}"

    def rule(self, text):
        """``config.snapshot`` of a ``config.describe`` text, or None."""
        match = _RULE.match(text.strip())
        if not match:
            return None
        if match["version"]:
            row = self.settings.objects.filter(pk=int(match["version"])).first()
            if row is None:
                return None
            return {"key": row.key, "value": row.value, "version": row.pk}
        key = self.by_label.get(match["label"])
        if key is None:
            return None
        if key in _DEFAULTS:
            return {"key": key, "value": _DEFAULTS[key], "version": None}
        try:
            return {"key": key, "value": int(match["value"]), "version": None}
        except ValueError:
            return None

    def rules(self, text):
        """The rules of a text of several joined with ；, or None."""
        kept = []
        for part in re.split(r"；(?=[^；]+ = )", text):
            rule = self.rule(part)
            if rule is None:
                return None
            kept.append(rule)
        return kept

    def urgency(self, text):
        match = re.match(r"^(.+)类诉求一律紧急（(.+)）$", text)
        codes = {label: code for code, label in self.categories.items()}
        if match and match[1] in codes and (rule := self.rule(match[2])):
            return {"kind": "category", "rule": rule, "category": codes[match[1]]}
        match = re.match(r"^欠薪涉及 (\d+) 人，达到紧急人数（(.+)）$", text)
        if match and (rule := self.rule(match[2])):
            return {"kind": "wage_workers", "rule": rule, "workers": int(match[1])}
        return None

    def event(self, kind, text, apps):
        """(data, the text a person wrote) of an old timeline line, or None."""
        if kind == "submitted":
            codes = {
                label: code for code, label in _choices(apps, "WorkerRequest", "channel").items()
            }
            return ({"channel": codes[text]}, "") if text in codes else None
        if kind == "routed":
            match = re.match(rf"^办理期限 {_DATE}（(.+)）$", text)
            if match and (rule := self.rule(match[2])):
                return {"due": match[1], "rule": rule}, ""
        if kind == "urgent":
            basis = self.urgency(text)
            return ({"urgent": basis}, "") if basis else None
        if kind == "reminder":
            match = re.match(rf"^将于 {_DATE} 到期（(.+)）$", text)
            if match and (rule := self.rule(match[2])):
                return {"due": match[1], "rule": rule}, ""
        if kind == "escalated":
            match = re.match(
                rf"^超过办理期限 {_DATE} 未答复，自动升级至(.+)，新期限 {_DATE}（(.+)）$", text
            )
            if match and (rule := self.rule(match[4])):
                data = {"old_due": match[1], "due": match[3], "name": match[2], "rule": rule}
                return data, ""
        if kind == "rated":
            match = re.match(r"^(\d) 分 ?(.*)$", text, re.S)
            if match:
                return {"score": int(match[1])}, match[2]
        if kind == "closed":
            for code, label in _choices(apps, "WorkerRequest", "closure_reason").items():
                if text == label or text.startswith(label + " "):
                    return {"reason": code}, text[len(label) :].strip()
        if kind == "case_opened":
            for code, label in _choices(apps, "Case", "kind").items():
                if text.startswith(label + "："):
                    return {"case_kind": code}, text[len(label) + 1 :]
        if kind == "transferred" and text == "原承办工会已合并":
            return {"merged": True}, ""
        return None


def words_to_data(apps, schema_editor):
    WorkerRequest = apps.get_model("rights", "WorkerRequest")
    RequestEvent = apps.get_model("rights", "RequestEvent")
    HomeRating = apps.get_model("rights", "HomeRating")
    reader = _Reader(apps)
    for req in WorkerRequest.objects.all().only("id", "deadline_rule", "urgent_reason").iterator():
        if req.deadline_rule:
            req.deadline_basis = reader.rule(req.deadline_rule) or {"text": req.deadline_rule}
        if req.urgent_reason:
            req.urgent_basis = reader.urgency(req.urgent_reason) or {"text": req.urgent_reason}
        req.save(update_fields=["deadline_basis", "urgent_basis"])
    for event in RequestEvent.objects.exclude(text="").iterator():
        read = reader.event(event.kind, event.text, apps)
        if read is not None:
            event.data, event.text = read
            event.save(update_fields=["data", "text"])
    for rating in HomeRating.objects.exclude(level_rule="").iterator():
        rating.level_basis = reader.rules(rating.level_rule) or [{"text": rating.level_rule}]
        rating.save(update_fields=["level_basis"])


def data_to_words(apps, schema_editor):
    """Back: the words kept as written; a rule kept as data names its setting and value."""

    def words(kept):
        if not kept:
            return ""
        return kept.get("text") or f"{kept.get('key')} = {kept.get('value')}"

    WorkerRequest = apps.get_model("rights", "WorkerRequest")
    HomeRating = apps.get_model("rights", "HomeRating")
    for req in WorkerRequest.objects.all().iterator():
        req.deadline_rule = words(req.deadline_basis)[:200]
        urgent = req.urgent_basis or {}
        req.urgent_reason = (urgent.get("text") or words(urgent.get("rule")))[:200]
        req.save(update_fields=["deadline_rule", "urgent_reason"])
    for rating in HomeRating.objects.all().iterator():
        rating.level_rule = "；".join(words(kept) for kept in rating.level_basis or [])[:300]
        rating.save(update_fields=["level_rule"])


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0009_user_roles_version"),
        ("rights", "0003_officials_training_moved_to_life"),
    ]

    operations = [
        migrations.AddField(
            model_name="homerating",
            name="level_basis",
            field=models.JSONField(blank=True, default=list, verbose_name="等级依据"),
        ),
        migrations.AddField(
            model_name="requestevent",
            name="data",
            field=models.JSONField(blank=True, default=dict),
        ),
        migrations.AddField(
            model_name="workerrequest",
            name="deadline_basis",
            field=models.JSONField(blank=True, default=dict, verbose_name="期限依据"),
        ),
        migrations.AddField(
            model_name="workerrequest",
            name="urgent_basis",
            field=models.JSONField(blank=True, default=dict, verbose_name="紧急原因"),
        ),
        migrations.RunPython(words_to_data, data_to_words),
        migrations.RemoveField(
            model_name="homerating",
            name="level_rule",
        ),
        migrations.RemoveField(
            model_name="workerrequest",
            name="deadline_rule",
        ),
        migrations.RemoveField(
            model_name="workerrequest",
            name="urgent_reason",
        ),
    ]
