"""Pages of the member portal: the activation steps, the home with only the member's own
records, the card check, the data pages and downloads, and the staff pages."""

import datetime
import io
import json

import pytest
from django.test import Client
from django.utils import timezone
from pypdf import PdfReader

from gonghui.core.models import AuditEvent, User
from gonghui.members.models import Member
from gonghui.portal.forms import CodeLoginForm, NewPasswordForm
from gonghui.portal.models import CorrectionRequest, Invitation
from gonghui.portal.selectors import card_token
from gonghui.rights.models import WorkerRequest

from .conftest import code_from_outbox
from .helpers import linked_member, make_member

pytestmark = pytest.mark.django_db
PASSWORD = "Lao-Li-2026!x"


def _member_login(org, name, username, phone=None):
    user = User.objects.create(username=username, full_name=name)
    user.set_password(PASSWORD)
    user.save()
    return linked_member(org, user, name=name, phone=phone), user


def test_activation_pages_take_a_roster_member_to_the_home(
    cast, django_capture_on_commit_callbacks
):
    member = make_member(cast.union_a, name="甲工会刘芳", phone="13722220001")
    client = Client()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/m/activate/",
            {"name": "甲工会刘芳", "id_number": member.id_number.lower(), "phone": "13722220001"},
        )
    assert response.status_code == 302 and response["Location"] == "/m/activate/code/"
    assert member.id_number not in json.dumps(dict(client.session))
    response = client.post(
        "/m/activate/code/",
        {"code": code_from_outbox(), "password": PASSWORD, "password2": PASSWORD},
    )
    assert response.status_code == 302 and response["Location"] == "/m/"
    home = client.get("/m/")
    assert home.status_code == 200
    assert "甲工会刘芳，您好" in home.content.decode()


def _fullwidth(text):
    """``text`` as a Chinese input method in full-width mode types it."""
    return "".join(chr(ord(c) + 0xFEE0) if "!" <= c <= "~" else "\u3000" for c in text)


def test_activation_takes_the_numbers_as_people_type_them(cast, django_capture_on_commit_callbacks):
    """The ID number with spaces and a lowercase x, the phone as autofill writes it ("+86 137
    2222 0011") and the six-digit code in full-width digits all find the member."""
    member = make_member(cast.union_a, name="甲工会沈洁", phone="13722220011")
    number = member.id_number
    typed_id = f"{number[:6]} {number[6:14]} {number[14:].lower()}"
    client = Client()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/m/activate/",
            {"name": "甲工会沈洁", "id_number": typed_id, "phone": "+86 137 2222 0011"},
        )
    assert response.status_code == 302 and response["Location"] == "/m/activate/code/"
    code = code_from_outbox()
    response = client.post(
        "/m/activate/code/",
        {
            "code": _fullwidth(code[:3]) + " " + code[3:],
            "password": PASSWORD,
            "password2": PASSWORD,
        },
    )
    assert response.status_code == 302 and response["Location"] == "/m/"
    # and then logs in with the number in full-width digits, as pasted from a contact card
    assert (
        Client()
        .post("/m/login/", {"phone": _fullwidth("137-2222-0011"), "password": PASSWORD})
        .status_code
        == 302
    )


def test_phone_boxes_bring_the_number_keypad_and_take_a_pasted_number(cast):
    page = Client().get("/m/login/").content.decode()
    assert 'type="tel"' in page and 'autocomplete="tel"' in page and 'maxlength="20"' in page
    # the phone's password manager fills the login and offers a strong new password
    assert 'autocomplete="current-password"' in page
    assert 'autocomplete="new-password"' in str(NewPasswordForm()["password2"])
    staff = Client().get("/login/").content.decode()
    assert 'autocomplete="username"' in staff and 'autocomplete="current-password"' in staff
    code_box = str(CodeLoginForm()["code"])
    assert 'inputmode="numeric"' in code_box and 'autocomplete="one-time-code"' in code_box


def test_phone_login_page_logs_in_a_member(cast):
    _member_login(cast.union_a, "甲工会周敏", "pm1", phone="13722220002")
    client = Client()
    response = client.post("/m/login/", {"phone": "13722220002", "password": PASSWORD})
    assert response.status_code == 302 and response["Location"] == "/m/"
    wrong = Client().post("/m/login/", {"phone": "13722220002", "password": "nope"})
    assert "手机号或密码不正确" in wrong.content.decode()


def test_home_shows_only_the_members_own_requests(cast):
    _member, user_a = _member_login(cast.union_a, "甲工会会员甲", "pm2")
    _other, user_b = _member_login(cast.union_b, "乙工会会员乙", "pm3")
    for user, org, title in [
        (user_a, cast.union_a, "我的加班费"),
        (user_b, cast.union_b, "乙的欠薪诉求"),
    ]:
        WorkerRequest.unscoped.create(
            org=org,
            origin_org=org,
            category="wages",
            channel="app",
            title=title,
            submitter=user,
            due_date=timezone.localdate() + datetime.timedelta(days=5),
            tracking_hash=title,
        )
    body = Client()
    body.force_login(user_b)
    page = body.get("/m/").content.decode()
    assert "乙的欠薪诉求" in page
    assert "我的加班费" not in page and "甲工会" not in page
    # notices, activities and surveys (the life app) are one tap away, and that page opens
    assert 'href="/life/me/"' in page
    assert body.get("/life/me/").status_code == 200


def test_card_qr_check_is_valid_then_expires(cast, settings):
    member = make_member(cast.union_a, name="陈晨")
    token = card_token(member)
    page = Client().get(f"/m/card/check/{token}/").content.decode()
    assert "有效会员" in page and "陈*" in page and member.id_number not in page
    assert "陈晨" not in page  # the name is masked
    from django.core import signing

    old = signing.TimestampSigner(salt="portal.card")
    old.timestamp = lambda: signing.b62_encode(int(timezone.now().timestamp()) - 3600)
    expired = Client().get(f"/m/card/check/{old.sign(member.card_number)}/").content.decode()
    assert "二维码已过期" in expired and "有效会员" not in expired
    # an old code names nobody: neither the masked name nor the union
    assert "陈*" not in expired and cast.union_a.name not in expired
    assert Client().get("/m/card/check/forged:token/").status_code == 404


def test_card_page_shows_a_qr_without_the_id_number(cast):
    member, user = _member_login(cast.union_a, "甲工会会员丙", "pm4")
    client = Client()
    client.force_login(user)
    page = client.get("/m/card/").content.decode()
    assert "<svg" in page and member.card_number in page
    assert member.id_number not in page


def test_card_page_redraws_its_code_before_it_expires(cast):
    from gonghui.core import config

    _member, user = _member_login(cast.union_a, "甲工会会员戊", "pm4b")
    client = Client()
    client.force_login(user)
    response = client.get("/m/card/")
    lifetime = config.get("portal.card_qr_minutes") * 60
    assert 0 < response.context["refresh_seconds"] < lifetime
    assert f'http-equiv="refresh" content="{lifetime - 30}"' in response.content.decode()


def test_a_members_home_links_lead_to_the_portal(cast):
    """The brand and the first breadcrumb of a member's page open /m/, a staff member's /."""
    _member, user = _member_login(cast.union_a, "甲工会会员己", "pm4c")
    client = Client()
    client.force_login(user)
    page = client.get("/rights/mine/").content.decode()
    assert 'class="navbar-brand" href="/m/"' in page and 'href="/m/" id="crumb-home"' in page
    # Logging out from the menu brings a member back to the phone login (through /m/).
    assert '<input type="hidden" name="next" value="/m/">' in page
    response = client.post("/logout/", {"next": "/m/"}, follow=True)
    assert response.redirect_chain[-1][0].startswith("/m/login/")
    staff = Client()
    staff.force_login(cast.chair_a)
    page = staff.get("/rights/").content.decode()
    assert 'class="navbar-brand" href="/"' in page and 'name="next" value="/m/"' not in page


def test_data_downloads_are_the_members_own_and_audited(cast):
    member, user = _member_login(cast.union_a, "甲工会会员丁", "pm5", phone="13722220005")
    client = Client()
    client.force_login(user)
    page = client.get("/m/data/").content.decode()
    assert member.id_number_masked in page and member.id_number not in page
    data = json.loads(client.get("/m/data.json").content)
    assert data["会员信息"]["身份证号"] == member.id_number
    assert data["会员信息"]["手机号"] == "13722220005"
    assert data["会员信息"]["所在工会"] == cast.union_a.name
    pdf = client.get("/m/data.pdf")
    assert pdf["Content-Type"] == "application/pdf"
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf.content)).pages)
    assert "个人信息副本" in text and member.card_number in text
    formats = sorted(
        AuditEvent.unscoped.filter(action="portal.data.download").values_list(
            "extra__format", flat=True
        )
    )
    assert formats == ["json", "pdf"]


def test_correction_and_consent_forms(cast):
    member, user = _member_login(cast.union_a, "甲工会会员戊", "pm6")
    client = Client()
    client.force_login(user)
    client.post("/m/data/correction/", {"field_label": "学历", "text": "应为大专"})
    correction = CorrectionRequest.unscoped.get()
    assert (correction.member, correction.field_label, correction.text) == (
        member,
        "学历",
        "应为大专",
    )
    Member.unscoped.filter(pk=member.pk).update(education="college")
    client.post("/m/data/consent/", {"fields": ["education"]})
    assert Member.unscoped.get(pk=member.pk).education == ""
    staff = Client()
    staff.force_login(cast.chair_a)
    listing = staff.get("/m/corrections/").content.decode()
    assert "甲工会会员戊" in listing
    staff.post(f"/m/corrections/{correction.pk}/", {"done": "1", "answer": "已更正为大专"})
    correction.refresh_from_db()
    assert correction.status == "done"
    outsider = Client()
    outsider.force_login(cast.chair_b)
    assert "甲工会会员戊" not in outsider.get("/m/corrections/").content.decode()


def test_member_who_left_sees_history_read_only(cast):
    member, user = _member_login(cast.union_a, "甲工会会员己", "pm7")
    Member.unscoped.filter(pk=member.pk).update(status="withdrawn")
    client = Client()
    client.force_login(user)
    page = client.get("/m/").content.decode()
    assert "退会" in page and "不能办理新的事项" in page
    data = client.get("/m/data/").content.decode()
    assert 'id="correction-card"' not in data


def test_login_without_member_sees_activation_hint(cast):
    client = Client()
    client.force_login(cast.chair_a)
    response = client.get("/m/")
    assert response.status_code == 403 and "激活会员账号" in response.content.decode()


def test_activation_page_lists_members_and_invites_selected(
    cast, django_capture_on_commit_callbacks
):
    waiting = make_member(cast.union_a, name="甲工会待激活")
    make_member(cast.union_a, name="甲工会已激活", user=cast.member_user)
    client = Client()
    client.force_login(cast.chair_a)
    page = client.get("/m/activation/").content.decode()
    assert "甲工会待激活" in page and "甲工会已激活" in page
    assert "50.0%" in page  # one of two members of union A activated
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/m/activation/", {"scope": "selected", "member": [str(waiting.pk)]})
    assert Invitation.unscoped.filter(member=waiting).count() == 1
    assert "已邀请" in client.get("/m/activation/").content.decode()
    outsider = Client()
    outsider.force_login(cast.chair_b)
    assert "甲工会待激活" not in outsider.get("/m/activation/").content.decode()


def test_invitation_page_activates(cast):
    from gonghui.portal import services
    from tests.conftest import acting

    member = make_member(cast.union_a, name="甲工会邀请人")
    with acting(cast.chair_a):
        services.invite(actor=cast.chair_a, members=[member])
    from gonghui.core import notify

    Invitation.unscoped.update(expires_at=timezone.now() + datetime.timedelta(days=1))
    token = Invitation.unscoped.get()
    assert token  # the link itself is only in the (captured) message
    assert notify.outbox == []  # not committed: no message
    raw = "known-token"
    Invitation.unscoped.update(token_hash=services._token_hash(raw))
    client = Client()
    page = client.get(f"/m/i/{raw}/").content.decode()
    assert "请输入身份证号核实本人身份" in page and "甲工会邀请人" not in page
    response = client.post(
        f"/m/i/{raw}/", {"id_number": member.id_number, "password": PASSWORD, "password2": PASSWORD}
    )
    assert response.status_code == 302 and response["Location"] == "/m/"
    assert Member.unscoped.get(pk=member.pk).user is not None
    assert Client().get(f"/m/i/{raw}/").status_code == 404


def test_chair_links_a_login_from_the_page(cast):
    member = make_member(cast.union_a)
    client = Client()
    client.force_login(cast.chair_a)
    client.post(f"/m/members/{member.pk}/link/", {"username": cast.staff_a.username})
    assert Member.unscoped.get(pk=member.pk).user == cast.staff_a
    client.post(f"/m/members/{member.pk}/link/", {"unlink": "1"})
    assert Member.unscoped.get(pk=member.pk).user is None


def _queries(client, url):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.get(url)  # warm the menu and settings caches
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_activation_list_query_count_is_the_same_at_1_and_3_rows(cast):
    client = Client()
    client.force_login(cast.chair_a)
    counts = []
    for i in range(3):
        make_member(cast.union_a, name=f"甲工会会员{i}", user=cast.member_user if i == 1 else None)
        if i != 1:
            counts.append(_queries(client, "/m/activation/"))
    assert counts[0] == counts[1]


def test_member_home_query_count_is_the_same_at_1_and_3_rows(cast):
    _member, user = _member_login(cast.union_a, "甲工会会员庚", "pq")
    client = Client()
    client.force_login(user)
    counts = []
    for i in range(3):
        WorkerRequest.unscoped.create(
            org=cast.union_a,
            origin_org=cast.union_a,
            category="wages",
            channel="app",
            title=f"诉求{i}",
            submitter=user,
            tracking_hash=f"q-{i}",
            due_date=timezone.localdate() + datetime.timedelta(days=5),
        )
        if i != 1:
            counts.append(_queries(client, "/m/"))
    assert counts[0] == counts[1]


def test_member_role_follows_a_transfer_when_the_member_next_opens_the_portal(cast):
    from gonghui.core.models import RoleAssignment

    member, user = _member_login(cast.union_a, "甲工会会员辛", "pm8")
    member.org = cast.union_b
    member.save()  # as a completed transfer leaves it
    client = Client()
    client.force_login(user)
    assert client.get("/m/").status_code == 200
    active = RoleAssignment.objects.filter(user=user, is_active=True).values_list("org_id", "role")
    assert list(active) == [(cast.union_b.pk, "member")]


def test_the_members_pages_list_their_unions_officials_by_rank(cast):
    """Chair, vice-chair, committee member: not by the position codes' alphabet (委员 came
    before 副主席), on the portal's home and on 我的会籍 alike."""
    from gonghui.orgs.models import Official, Term

    _member, user = _member_login(cast.union_a, "甲工会会员庚", "pm-ranks")
    term = Term.unscoped.create(
        org=cast.union_a,
        kind="committee",
        start_date=datetime.date(2024, 1, 1),
        end_date=datetime.date(2029, 1, 1),
    )
    for name, position in [("丙委员", "member"), ("乙副主席", "vice_chair"), ("甲主席", "chair")]:
        Official.unscoped.create(
            org=cast.union_a, term=term, name=name, position=position, start_date=term.start_date
        )
    client = Client()
    client.force_login(user)
    for url in ("/m/", "/members/me/"):
        page = client.get(url).content.decode()
        spots = [page.index(f"：{name}") for name in ("甲主席", "乙副主席", "丙委员")]
        assert spots == sorted(spots), url


def test_the_data_page_in_english_words_each_state_in_english_punctuation(cast):
    from gonghui.portal import services

    _member, user = _member_login(cast.union_a, "甲工会会员辛", "pm-en-data")
    services.ask_correction(actor=user, field_label="民族", text="应为回族")
    client = Client(headers={"accept-language": "en"})
    client.force_login(user)
    page = client.get("/m/data/").content.decode()
    assert "<li>Ethnic group (Pending)</li>" in page and "（Pending）" not in page


def test_the_account_record_names_what_the_member_did(cast):
    """Every action of the member's account in words (the audit log's labels), never 其他操作."""
    from gonghui.core import audit

    member, user = _member_login(cast.union_a, "甲工会会员壬", "pm-record")
    for action in ("life.enrolment.create", "life.signup.cancel", "rights.request.submit"):
        audit.record(user, action, member)
    page = Client()
    page.force_login(user)
    text = page.get("/m/data/").content.decode()
    assert "其他操作" not in text
    assert "课程报名 · 新建" in text and "活动报名 · 取消" in text and "职工诉求 · 提交" in text
