"""Services of the member portal: activation, codes, logins by phone, invitations, links,
the role following the member, and the member's rights over their data."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.http import Http404
from django.test import RequestFactory
from django.utils import timezone

from gonghui.core import notify
from gonghui.core.models import AuditEvent, RoleAssignment, User
from gonghui.core.workdays import add_working_days
from gonghui.members.models import Member
from gonghui.portal import services
from gonghui.portal.models import CorrectionStatus, Invitation, SmsCode
from tests.conftest import acting

from .conftest import code_from_outbox
from .helpers import linked_member, make_member

pytestmark = pytest.mark.django_db
CLIENT = "10.0.0.1"
NEW_PASSWORD = "Lao-Li-2026!x"


def _request(member, on_commit, name=None, phone=None):
    with on_commit(execute=True):
        services.request_activation(
            name=name or member.name,
            id_number=member.id_number,
            phone=phone or member.phone,
            client=CLIENT,
        )


def _complete(member, code, name=None, phone=None):
    return services.complete_activation(
        name=name or member.name,
        id_idx=services.id_index(member.id_number),
        phone_idx=services.phone_index(phone or member.phone),
        code=code,
        password=NEW_PASSWORD,
        client=CLIENT,
    )


def test_activation_texts_a_code_to_the_roster_phone_and_keeps_only_its_hash(
    cast, django_capture_on_commit_callbacks
):
    member = make_member(cast.union_a, phone="13711112222")
    _request(member, django_capture_on_commit_callbacks)
    assert [(m.phone, m.template_key) for m in notify.outbox] == [
        ("13711112222", "portal.activation_code")
    ]
    code = code_from_outbox()
    stored = SmsCode.objects.get()
    assert stored.phone_index == member.phone_index and stored.purpose == "activate"
    assert code not in stored.code_hash and len(stored.code_hash) == 64
    assert notify.outbox[0].text == (
        f"【测试区总工会】您正在激活会员账号，验证码 {code}，10 分钟内有效。如非本人操作请忽略。"
    )


def test_activation_with_the_code_creates_one_account_with_the_member_role(
    cast, django_capture_on_commit_callbacks
):
    member = make_member(cast.union_a)
    _request(member, django_capture_on_commit_callbacks)
    user = _complete(member, code_from_outbox())
    member.refresh_from_db()
    assert member.user == user and user.username == member.card_number
    assert user.full_name == member.name and user.check_password(NEW_PASSWORD)
    roles = RoleAssignment.objects.filter(user=user).values_list("org_id", "role", "is_active")
    assert list(roles) == [(cast.union_a.pk, "member", True)]
    actions = set(AuditEvent.unscoped.values_list("action", flat=True))
    assert {
        "portal.activation.request",
        "portal.activation.code_sent",
        "portal.account.activate",
    } <= actions
    with pytest.raises(ValidationError):  # the code is spent: no second account
        _complete(member, code_from_outbox())
    assert User.objects.filter(username=member.card_number).count() == 1


def test_activation_refuses_a_wrong_name_with_the_same_message(
    cast, django_capture_on_commit_callbacks
):
    member = make_member(cast.union_a, name="甲工会王芳")
    _request(member, django_capture_on_commit_callbacks)
    with pytest.raises(ValidationError) as error:
        _complete(member, code_from_outbox(), name="甲工会王方")
    assert error.value.messages == ["信息或验证码不正确，或验证码已过期。请核对后重试。"]
    assert Member.unscoped.get(pk=member.pk).user_id is None


def test_unknown_id_number_sends_nothing(cast, django_capture_on_commit_callbacks):
    stranger = make_member(cast.union_a)
    Member.unscoped.filter(pk=stranger.pk).delete()
    _request(stranger, django_capture_on_commit_callbacks)
    assert notify.outbox == []
    assert AuditEvent.unscoped.filter(action="portal.activation.request").count() == 1


def test_changed_phone_tells_the_roster_phone_to_ask_the_union(
    cast, django_capture_on_commit_callbacks
):
    member = make_member(cast.union_a, phone="13711113333")
    _request(member, django_capture_on_commit_callbacks, phone="13899998888")
    assert [(m.phone, m.template_key) for m in notify.outbox] == [
        ("13711113333", "portal.phone_mismatch")
    ]
    assert SmsCode.objects.count() == 0


def test_wrong_codes_burn_the_code_after_the_limit(cast, django_capture_on_commit_callbacks):
    member = make_member(cast.union_a)
    _request(member, django_capture_on_commit_callbacks)
    code = code_from_outbox()
    wrong = "000000" if code != "000000" else "111111"
    for _ in range(5):
        with pytest.raises(ValidationError):
            _complete(member, wrong)
    assert SmsCode.objects.get().failed_attempts == 5
    with pytest.raises(ValidationError):  # the right code no longer works
        _complete(member, code)


def test_expired_code_is_refused(cast, django_capture_on_commit_callbacks):
    member = make_member(cast.union_a)
    _request(member, django_capture_on_commit_callbacks)
    SmsCode.objects.update(expires_at=timezone.now() - datetime.timedelta(seconds=1))
    with pytest.raises(ValidationError):
        _complete(member, code_from_outbox())


def test_activation_attempts_are_rate_limited_per_person(cast, django_capture_on_commit_callbacks):
    member = make_member(cast.union_a)
    for _ in range(5):
        _request(member, django_capture_on_commit_callbacks)
    with pytest.raises(services.RateLimited):
        _request(member, django_capture_on_commit_callbacks)


def test_phone_password_login_locks_after_five_failures(cast):
    user = User.objects.create(username="m1")
    user.set_password(NEW_PASSWORD)
    user.save()
    linked_member(cast.union_a, user, phone="13712340000")
    request = RequestFactory().post("/m/login/")
    for _ in range(5):
        assert (
            services.login_with_password(
                request=request, phone="13712340000", password="wrong", client=CLIENT
            )
            is None
        )
    with pytest.raises(services.RateLimited):
        services.login_with_password(
            request=request, phone="13712340000", password=NEW_PASSWORD, client=CLIENT
        )


def test_phone_password_login_finds_the_member_login(cast):
    user = User.objects.create(username="m2")
    user.set_password(NEW_PASSWORD)
    user.save()
    linked_member(cast.union_a, user, phone="13712340001")
    request = RequestFactory().post("/m/login/")
    found = services.login_with_password(
        request=request, phone="137 1234 0001", password=NEW_PASSWORD, client=CLIENT
    )
    assert found == user


def test_login_code_and_password_reset_by_code(cast, django_capture_on_commit_callbacks):
    user = User.objects.create(username="m3")
    linked_member(cast.union_a, user, phone="13712340002")
    with django_capture_on_commit_callbacks(execute=True):
        services.send_login_code(phone="13712340002", purpose="login", client=CLIENT)
    assert (
        services.login_with_code(
            phone="13712340002", code=code_from_outbox("portal.login_code"), client=CLIENT
        )
        == user
    )
    with django_capture_on_commit_callbacks(execute=True):
        services.send_login_code(phone="13712340002", purpose="reset", client=CLIENT)
    code = code_from_outbox("portal.reset_code")
    services.reset_password_with_code(
        phone="13712340002", code=code, password=NEW_PASSWORD, client=CLIENT
    )
    user.refresh_from_db()
    assert user.check_password(NEW_PASSWORD)
    with pytest.raises(ValidationError):  # single use
        services.reset_password_with_code(
            phone="13712340002", code=code, password=NEW_PASSWORD + "2", client=CLIENT
        )


def test_login_code_for_a_phone_without_account_sends_nothing(
    cast, django_capture_on_commit_callbacks
):
    make_member(cast.union_a, phone="13712340003")
    with django_capture_on_commit_callbacks(execute=True):
        services.send_login_code(phone="13712340003", purpose="login", client=CLIENT)
    assert notify.outbox == []


def test_invitation_texts_a_one_time_link_and_activates(cast, django_capture_on_commit_callbacks):
    member = make_member(cast.union_a, phone="13712340004")
    done = make_member(cast.union_a, user=cast.member_user)
    with django_capture_on_commit_callbacks(execute=True), acting(cast.chair_a):
        assert services.invite(actor=cast.chair_a, members=[member, done]) == 1
    sms = notify.outbox[0]
    assert sms.phone == "13712340004" and sms.template_key == "portal.invitation"
    token = sms.params["url"].rsplit("/i/", 1)[1].strip("/")
    assert Invitation.unscoped.get().token_hash != token
    with pytest.raises(ValidationError):
        services.accept_invitation(
            token=token, id_number="110105199003070123", password=NEW_PASSWORD, client=CLIENT
        )
    user = services.accept_invitation(
        token=token, id_number=member.id_number, password=NEW_PASSWORD, client=CLIENT
    )
    assert Member.unscoped.get(pk=member.pk).user == user
    assert services.live_invitation(token) is None
    with pytest.raises(ValidationError):
        services.accept_invitation(
            token=token, id_number=member.id_number, password=NEW_PASSWORD, client=CLIENT
        )


def test_activating_by_text_spends_the_open_invitation(cast, django_capture_on_commit_callbacks):
    """An invited member who activates by text message: the link then says it was used (with a
    way to log in) instead of asking for the ID number and refusing."""
    from django.test import Client

    member = make_member(cast.union_a, phone="13712340005")
    with django_capture_on_commit_callbacks(execute=True), acting(cast.chair_a):
        services.invite(actor=cast.chair_a, members=[member])
    token = notify.outbox[-1].params["url"].rsplit("/i/", 1)[1].strip("/")
    assert services.live_invitation(token) is not None
    _request(member, django_capture_on_commit_callbacks)
    _complete(member, code_from_outbox())
    assert services.live_invitation(token) is None
    page = Client().get(f"/m/i/{token}/")
    assert page.status_code == 404
    html = page.content.decode()
    assert 'id="invitation-invalid"' in html and 'id="invitation-login"' in html


def test_chair_b_cannot_invite_union_a_members(cast):
    member = make_member(cast.union_a)
    with acting(cast.chair_b), pytest.raises(Http404):
        services.invite(actor=cast.chair_b, members=[member])


def test_chair_links_and_unlinks_a_login_with_audit(cast):
    member = make_member(cast.union_a)
    with acting(cast.chair_a):
        services.link_login(actor=cast.chair_a, member=member, username=cast.staff_a.username)
    assert Member.unscoped.get(pk=member.pk).user == cast.staff_a
    roles = set(
        RoleAssignment.objects.filter(user=cast.staff_a, is_active=True).values_list(
            "role", flat=True
        )
    )
    assert roles == {"union_staff", "member"}
    with acting(cast.chair_a):
        services.unlink_login(actor=cast.chair_a, member=Member.unscoped.get(pk=member.pk))
    assert Member.unscoped.get(pk=member.pk).user_id is None
    assert set(
        RoleAssignment.objects.filter(user=cast.staff_a, is_active=True).values_list(
            "role", flat=True
        )
    ) == {"union_staff"}
    actions = list(
        AuditEvent.unscoped.filter(action__startswith="portal.member").values_list(
            "action", flat=True
        )
    )
    assert sorted(actions) == ["portal.member.link", "portal.member.unlink"]


def test_chair_b_cannot_link_union_a_member_nor_a_login_outside(cast):
    member = make_member(cast.union_a)
    with acting(cast.chair_b), pytest.raises(Http404):
        services.link_login(actor=cast.chair_b, member=member, username=cast.chair_b.username)
    other = make_member(cast.union_b)
    with acting(cast.chair_b), pytest.raises(ValidationError):
        services.link_login(actor=cast.chair_b, member=other, username=cast.staff_a.username)


def test_member_role_follows_a_transfer_and_ends_when_the_member_leaves(cast):
    user = User.objects.create(username="m5")
    member = linked_member(cast.union_a, user)
    member.org = cast.union_b
    member.save()
    services.sync_member_role(member)
    active = RoleAssignment.objects.filter(user=user, is_active=True).values_list("org_id", "role")
    assert list(active) == [(cast.union_b.pk, "member")]
    Member.unscoped.filter(pk=member.pk).update(status="withdrawn")
    services.sync_member_role(Member.unscoped.get(pk=member.pk))
    assert not RoleAssignment.objects.filter(user=user, is_active=True).exists()


def test_correction_request_goes_to_the_union_with_a_working_day_deadline(cast):
    user = User.objects.create(username="m6")
    member = linked_member(cast.union_a, user)
    correction = services.ask_correction(actor=user, field_label="学历", text="应为本科")
    assert correction.org == cast.union_a and correction.member == member
    assert correction.due_on == add_working_days(timezone.localdate(), 15)
    with acting(cast.chair_b), pytest.raises(Http404):
        services.answer_correction(
            actor=cast.chair_b, correction=correction, done=True, answer="好"
        )
    with acting(cast.chair_a):
        services.answer_correction(
            actor=cast.chair_a, correction=correction, done=True, answer="已改"
        )
    correction.refresh_from_db()
    assert correction.status == CorrectionStatus.DONE and correction.answered_by == cast.chair_a


def test_withdrawing_consent_clears_the_optional_fields(cast):
    user = User.objects.create(username="m7")
    member = linked_member(cast.union_a, user)
    Member.unscoped.filter(pk=member.pk).update(education="bachelor", ethnicity="回族")
    services.withdraw_consent(actor=user, fields=["education", "ethnicity"])
    member.refresh_from_db()
    assert (member.education, member.ethnicity) == ("", "")
    event = AuditEvent.unscoped.get(action="portal.consent.withdraw")
    assert event.extra == {"fields": ["education", "ethnicity"]}
    with pytest.raises(ValidationError):
        services.withdraw_consent(actor=user, fields=["name"])
