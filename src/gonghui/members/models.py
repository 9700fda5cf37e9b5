"""Real-name members (会员实名制): one person, one member record across the whole district."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext, gettext_noop
from django.utils.translation import gettext_lazy as _

from gonghui.core import notes, scoping
from gonghui.core.enums import Gender
from gonghui.core.fields import BlindIndexField, EncryptedTextField, masked
from gonghui.core.masking import mask_id_number, mask_phone
from gonghui.core.models_base import CreatedBy, Edited
from gonghui.core.scoping import ScopedModel
from gonghui.core.text.idnumbers import normalize_id_number
from gonghui.core.text.phones import phone_digits
from gonghui.core.text.pinyin import name_keys
from gonghui.core.workflow import status_is

# What the blind indexes of ID and phone numbers are made of, and lookups by them: the number as
# typed with its spaces, dashes, full-width forms and +86 taken off (core/text).
normalize_id = normalize_id_number
normalize_phone = phone_digits


class MaskedNumbers:
    """What pages show of a person's ID and phone numbers unless revealed (a member, an
    applicant)."""

    id_number_masked = masked("id_number")
    phone_masked = masked("phone")


class EmploymentForm(models.TextChoices):
    REGULAR = "regular", _("劳动合同制")
    DISPATCH = "dispatch", _("劳务派遣")
    MIGRANT = "migrant", _("农民工")
    NEW_FORM = "new_form", _("新就业形态")
    RETIRED_REEMPLOYED = "retired_reemployed", _("退休返聘")
    OTHER = "other", _("其他")


class Education(models.TextChoices):
    PRIMARY = "primary", _("小学及以下")
    JUNIOR = "junior", _("初中")
    SENIOR = "senior", _("高中/中专/技校")
    COLLEGE = "college", _("大专")
    BACHELOR = "bachelor", _("本科")
    POSTGRADUATE = "postgraduate", _("研究生")


class PoliticalStatus(models.TextChoices):
    CPC = "cpc", _("中共党员")
    CPC_PROBATION = "cpc_probation", _("中共预备党员")
    LEAGUE = "league", _("共青团员")
    DEMOCRATIC = "democratic", _("民主党派")
    INDEPENDENT = "independent", _("无党派人士")
    MASSES = "masses", _("群众")


class MemberStatus(models.TextChoices):
    ACTIVE = "active", _("在会")
    TRANSFERRED_OUT = "transferred_out", _("已转出")
    RETIRED = "retired", _("退休（保留会籍）")
    UNEMPLOYED = "unemployed", _("失业（保留会籍）")
    WITHDRAWN = "withdrawn", _("退会")
    DECEASED = "deceased", _("去世")


# Statuses in which a person keeps membership (counted as members).
KEEPS_MEMBERSHIP = frozenset({MemberStatus.ACTIVE, MemberStatus.RETIRED, MemberStatus.UNEMPLOYED})


class Member(MaskedNumbers, ScopedModel, Edited):
    _scope_path_field = "org_path"

    org = models.ForeignKey(
        "orgs.Org", on_delete=models.PROTECT, related_name="members", verbose_name=_("所在工会")
    )
    org_path = models.CharField(max_length=255, editable=False)  # indexed with id (Meta)
    employer = models.ForeignKey(
        "orgs.Employer",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="members",
        verbose_name=_("工作单位"),
    )
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="member",
    )
    name = models.CharField(_("姓名"), max_length=50)
    name_pinyin = models.CharField(max_length=200, blank=True)
    name_initials = models.CharField(max_length=50, blank=True)
    gender = models.CharField(_("性别"), max_length=1, choices=Gender.choices)
    ethnicity = models.CharField(_("民族"), max_length=20, blank=True, default="汉族")  # i18n: data
    birth_date = models.DateField(_("出生日期"))
    id_number = EncryptedTextField(_("身份证号"), normalizer=normalize_id, mask=mask_id_number)
    id_number_index = BlindIndexField(source="id_number")  # unique: Meta.constraints
    id_tail = models.CharField(max_length=6, blank=True)
    phone = EncryptedTextField(_("手机号"), normalizer=normalize_phone, mask=mask_phone)
    phone_index = BlindIndexField(source="phone")
    phone_tail = models.CharField(max_length=4, blank=True)
    education = models.CharField(_("学历"), max_length=20, choices=Education.choices, blank=True)
    political_status = models.CharField(
        _("政治面貌"), max_length=20, choices=PoliticalStatus.choices, blank=True
    )
    employment_form = models.CharField(
        _("用工形式"), max_length=20, choices=EmploymentForm.choices, default=EmploymentForm.REGULAR
    )
    join_date = models.DateField(_("入会日期"))
    card_number = models.CharField(_("会员证号"), max_length=30)  # unique: Meta.constraints
    status = models.CharField(
        _("会籍状态"),
        max_length=20,
        choices=MemberStatus.choices,
        default=MemberStatus.ACTIVE,
    )

    class Meta:
        verbose_name = _("会员")
        verbose_name_plural = _("会员")
        # Only the indexes queries use (every index costs each bulk insert): search goes
        # through MemberSearchKey, so the name, pinyin, initials and tails need none of their
        # own; plain btree indexes, not Django's extra ``varchar_pattern_ops`` copies.
        indexes = [
            models.Index(fields=["org_path", "id"], name="member_path_id"),
            models.Index(fields=["name"], name="member_name"),
            models.Index(fields=["name_pinyin", "id"], name="member_pinyin_id"),
            models.Index(fields=["phone_index"], name="member_phone_index"),
            models.Index(fields=["status"], name="member_status"),
        ]
        # Unique as constraints rather than ``unique=True`` on the fields: a unique CharField
        # also gets a ``varchar_pattern_ops`` copy of its index on PostgreSQL, which no query
        # uses (nobody searches card numbers or blind indexes by prefix) and every insert pays.
        constraints = [
            models.UniqueConstraint(fields=["id_number_index"], name="member_id_number_unique"),
            models.UniqueConstraint(fields=["card_number"], name="member_card_number_unique"),
        ]

    def __str__(self):
        return self.name

    # a member in good standing (在会, or retired/unemployed keeping membership): the card is valid
    keeps_membership = status_is(*KEEPS_MEMBERSHIP)

    @classmethod
    def from_db(cls, db, field_names, values):
        instance = super().from_db(db, field_names, values)
        instance._search_source = instance._search_fields()
        return instance

    def _search_fields(self):
        fields = self.__dict__
        return (fields.get("name"), fields.get("id_number"), fields.get("phone"))

    def save(self, *args, **kwargs):
        self.fill_derived()
        super().save(*args, **kwargs)
        # The search keys follow in ``search.member_saved`` (post_save, connected in apps.py).

    def fill_derived(self):
        """Copies kept for scoping and search: org path, ID and phone tails, pinyin keys.
        Called by ``save`` and by bulk writers (``bulk_create`` does not call ``save``)."""
        self.org_path = self.org.path
        self.id_tail = self.id_number[-6:] if self.id_number else ""
        self.phone_tail = normalize_phone(self.phone)[-4:] if self.phone else ""
        keys = name_keys(self.name) if self.name else {"full": "", "initials": ""}
        self.name_pinyin = keys["full"][:200]
        self.name_initials = keys["initials"][:50]


class MemberSearchKey(models.Model):
    """One search key of a member (name fragment, pinyin, initials, ID or phone tail); see
    ``members.search``. Looked up by ``key`` (exact or range), newest members first."""

    member = models.ForeignKey(
        Member, on_delete=models.CASCADE, related_name="search_keys", db_index=False
    )
    key = models.CharField(max_length=40)

    class Meta:
        indexes = [
            # Lookups: exact key or key range, member ids in order (newest first).
            models.Index(fields=["key", "member"], name="member_search_key"),
            # A member's keys (re-keying, cascade deletes) and, read backwards, the ordered
            # side of a merge semi-join for common pinyin prefixes (an index-only scan).
            models.Index(fields=["member", "key"], name="member_search_member_key"),
        ]

    def __str__(self):
        return self.key


LEAVING_STATUSES = frozenset(
    {MemberStatus.TRANSFERRED_OUT, MemberStatus.WITHDRAWN, MemberStatus.DECEASED}
)


class EventKind(models.TextChoices):
    JOIN = "join", _("入会")
    STATUS = "status", _("会籍状态变更")
    TRANSFER_IN = "transfer_in", _("转入")
    TRANSFER_OUT = "transfer_out", _("转出")
    REJOIN = "rejoin", _("重新入会")
    EDIT = "edit", _("信息修改")


class MembershipEvent(ScopedModel):
    """One dated change of a member's membership (join, status change, transfer, edit).

    Scoped through the member, so the history moves with the member to a new union."""

    _scope_path_field = "member__org_path"

    member = models.ForeignKey(Member, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(_("事项"), max_length=20, choices=EventKind.choices)
    on_date = models.DateField(_("日期"))
    from_status = models.CharField(max_length=20, choices=MemberStatus.choices, blank=True)
    to_status = models.CharField(max_length=20, choices=MemberStatus.choices, blank=True)
    # No indexes of their own on the org and actor links: orgs are never deleted (decision
    # 0001), users are deactivated, and the history is read by member.
    from_org = models.ForeignKey(
        "orgs.Org",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        db_index=False,
    )
    to_org = models.ForeignKey(
        "orgs.Org",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        db_index=False,
    )
    note = models.CharField(_("说明"), max_length=300, blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        db_index=False,
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("会籍记录")
        verbose_name_plural = _("会籍记录")
        ordering = ["-on_date", "-id"]
        indexes = [models.Index(fields=["kind", "on_date"], name="member_event_kind_date")]

    def __str__(self):
        return f"{self.member} {self.get_kind_display()} {self.on_date}"

    # the note in the reader's language: one the system writes (``event_note``) is kept as its
    # message and worded here, changed fields by their labels; a note someone typed, or one
    # written before, reads as stored
    note_text = notes.worded("note", labels_from=Member)


# The notes the system writes on membership events (and a transfer an import asks for), kept as
# the message and its parameters (``event_note``) and worded when read (``note_text``).
JOIN_NOTE = gettext_noop("入会")
IMPORT_NOTE = gettext_noop("名册导入")
APPROVED_NOTE = gettext_noop("在线入会申请批准")
EDIT_NOTE = gettext_noop("修改：{fields}")  # fields: the changed fields' names
MOVED_NOTE = gettext_noop("转往：{destination}")
MOVED_WITH_REASON_NOTE = gettext_noop("转往：{destination}；{reason}")


def event_note(message, **params):
    """The stored form of a note the system writes on a membership event (``core.notes``),
    within the field's length."""
    return notes.compose(
        message, limit=MembershipEvent._meta.get_field("note").max_length, **params
    )


class TransferStatus(models.TextChoices):
    AWAITING_RELEASE = "awaiting_release", _("待转出方确认")
    AWAITING_ACCEPT = "awaiting_accept", _("待接收方确认")
    DONE = "done", _("已完成")
    WITHDRAWN = "withdrawn", _("已撤回")
    REFUSED = "refused", _("已拒绝")


OPEN_TRANSFER = (TransferStatus.AWAITING_RELEASE, TransferStatus.AWAITING_ACCEPT)


class Transfer(CreatedBy):
    """会籍接转: a member moves from one union to another; both sides confirm.

    The releasing side initiates (then the receiving side accepts) or the receiving side
    requests (then the releasing side releases). A transfer out of the district names its
    destination as text and completes when the releasing side confirms it."""

    _scope_path_field = "from_org__path"
    # Seen by the releasing and the receiving side.
    scope_rule = scoping.EitherSide(("from_org__path", "to_org__path"))

    member = models.ForeignKey(Member, on_delete=models.PROTECT, related_name="transfers")
    from_org = models.ForeignKey(
        "orgs.Org", on_delete=models.PROTECT, related_name="+", verbose_name=_("转出工会")
    )
    to_org = models.ForeignKey(
        "orgs.Org",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("转入工会"),
    )
    destination_text = models.CharField(_("转往（区外）"), max_length=200, blank=True)
    initiated_by_receiver = models.BooleanField(default=False)
    status = models.CharField(_("状态"), max_length=20, choices=TransferStatus.choices)
    reason = models.CharField(_("转会原因"), max_length=300, blank=True)
    new_employer = models.ForeignKey(
        "orgs.Employer", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    closed_at = models.DateTimeField(null=True, blank=True)
    close_reason = models.CharField(_("撤回/拒绝理由"), max_length=300, blank=True)
    version = models.PositiveIntegerField(default=1)

    objects = scoping.ScopedManager()
    unscoped = models.Manager()

    class Meta:
        verbose_name = _("会籍接转")
        verbose_name_plural = _("会籍接转")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["member"],
                condition=models.Q(status__in=["awaiting_release", "awaiting_accept"]),
                name="one_open_transfer_per_member",
            ),
        ]

    def __str__(self):
        return gettext("{member} 会籍接转").format(member=self.member)

    @property
    def org(self):
        return self.from_org

    @property
    def destination(self):
        return self.to_org.name if self.to_org_id else self.destination_text

    # the reason as the reader reads it: typed, or the system's (an import's request) worded
    reason_text = notes.worded("reason")

    def moved_note(self):
        """The note of the member's event when the transfer completes: where to, and why (the
        reason as typed, or the system's worded when read)."""
        if self.reason:
            return event_note(
                MOVED_WITH_REASON_NOTE, destination=self.destination, reason=self.reason
            )
        return event_note(MOVED_NOTE, destination=self.destination)

    is_open = status_is(*OPEN_TRANSFER)
    # released by the old union: the receiving union confirms (else the old union releases)
    awaits_acceptance = status_is(TransferStatus.AWAITING_ACCEPT)


class ApplicationStatus(models.TextChoices):
    PENDING = "pending", _("待审核")
    APPROVED = "approved", _("已批准")
    REJECTED = "rejected", _("未批准")


class JoinApplication(MaskedNumbers, ScopedModel):
    """入会申请 from the public joining page of a grassroots union."""

    org = models.ForeignKey(
        "orgs.Org", on_delete=models.PROTECT, related_name="+", verbose_name=_("申请加入的工会")
    )
    name = models.CharField(_("姓名"), max_length=50)
    id_number = EncryptedTextField(_("身份证号"), normalizer=normalize_id, mask=mask_id_number)
    id_number_index = BlindIndexField(source="id_number", db_index=True)
    phone = EncryptedTextField(_("手机号"), normalizer=normalize_phone, mask=mask_phone)
    phone_index = BlindIndexField(source="phone", db_index=True)
    employer_name = models.CharField(_("工作单位"), max_length=150)
    employment_form = models.CharField(_("用工形式"), max_length=20, choices=EmploymentForm.choices)
    consent_at = models.DateTimeField(_("同意个人信息处理的时间"))
    consent_version = models.CharField(_("告知书版本"), max_length=20)
    status = models.CharField(
        _("状态"),
        max_length=20,
        choices=ApplicationStatus.choices,
        default=ApplicationStatus.PENDING,
        db_index=True,
    )
    already_member = models.BooleanField(_("已是会员"), default=False)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    decision_reason = models.CharField(_("审核意见"), max_length=300, blank=True)
    member = models.ForeignKey(
        Member, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("入会申请")
        verbose_name_plural = _("入会申请")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["org", "id_number_index"],
                condition=models.Q(status="pending"),
                name="one_pending_application_per_person",
            ),
        ]

    def __str__(self):
        return gettext("{name} 入会申请").format(name=self.name)

    awaits_decision = status_is(ApplicationStatus.PENDING)  # neither approved nor rejected yet


class MemberTally(models.Model):
    """Kept counts of members per org by status, employment form, gender and birth year, so that
    subtree statistics add up a few rows per org instead of counting every member. Rebuilt per
    org by ``tallies.retally`` after every write that changes an org's members."""

    org = models.ForeignKey("orgs.Org", on_delete=models.CASCADE, related_name="+")
    org_path = models.CharField(max_length=255)
    status = models.CharField(max_length=20, choices=MemberStatus.choices)
    employment_form = models.CharField(max_length=20, choices=EmploymentForm.choices)
    gender = models.CharField(max_length=1, choices=Gender.choices)
    birth_year = models.PositiveSmallIntegerField()
    count = models.PositiveIntegerField()

    objects = models.Manager()
    unscoped = models.Manager()  # for orgs.services' re-pathing of path copies

    class Meta:
        indexes = [models.Index(fields=["org_path"], name="member_tally_path")]
        constraints = [
            models.UniqueConstraint(
                fields=["org", "status", "employment_form", "gender", "birth_year"],
                name="one_tally_row_per_group",
            )
        ]
