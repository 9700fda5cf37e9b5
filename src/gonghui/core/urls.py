from django.contrib.auth import views as auth_views
from django.urls import path
from django.views.i18n import set_language

from . import views, views_accounts, views_outbox

app_name = "core"

urlpatterns = [
    path("", views.home_page, name="home"),
    path("login/", views.LoginView.as_view(), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("password/", views.PasswordChangeView.as_view(), name="password_change"),
    path("two-factor/", views.two_factor, name="two_factor"),
    path("role/", views.switch_role, name="switch_role"),
    path("language/", set_language, name="set_language"),
    path("audit/", views.audit_log, name="audit"),
    path("audit/export/", views.audit_export, name="audit_export"),
    path("todo/<slug:key>/", views.todo_list, name="todo"),
    path("settings/", views.settings_list, name="settings"),
    path("settings/<str:key>/", views.setting_edit, name="setting_edit"),
    path("tokens/", views.token_list, name="tokens"),
    path("tokens/<int:pk>/revoke/", views.token_revoke, name="token_revoke"),
    path("reveal/<str:model_label>/<str:pk>/<str:field>/", views.reveal, name="reveal"),
    path("outbox/", views_outbox.outbox, name="outbox"),
    path("outbox/<int:pk>/retry/", views_outbox.outbox_retry, name="outbox_retry"),
    path("healthz", views.health, name="health"),
    path("accounts/", views_accounts.user_list, name="users"),
    path("accounts/new/", views_accounts.user_create, name="user_create"),
    path("accounts/<int:pk>/", views_accounts.user_detail, name="user_detail"),
    path("accounts/<int:pk>/password/", views_accounts.password_reset, name="password_reset"),
    path("accounts/roles/<int:pk>/revoke/", views_accounts.role_revoke, name="role_revoke"),
    path(
        "accounts/<int:pk>/totp-reset/",
        views_accounts.totp_reset_request,
        name="totp_reset_request",
    ),
    path(
        "accounts/totp-resets/<int:pk>/confirm/",
        views_accounts.totp_reset_confirm,
        name="totp_reset_confirm",
    ),
    path(
        "accounts/totp-resets/<int:pk>/cancel/",
        views_accounts.totp_reset_cancel,
        name="totp_reset_cancel",
    ),
]
