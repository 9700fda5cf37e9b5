from django.urls import path

from . import views

app_name = "portal"

urlpatterns = [
    path("", views.home, name="me"),
    path("card/", views.card, name="card"),
    path("card/check/<str:token>/", views.card_check, name="card_check"),
    path("activate/", views.activate, name="activate"),
    path("activate/code/", views.activate_code, name="activate_code"),
    path("i/<str:token>/", views.invitation, name="invitation"),
    path("login/", views.login_page, name="login"),
    path("login/code/", views.login_code, name="login_code"),
    path("password/reset/", views.reset_password, name="reset"),
    path("data/", views.my_data, name="data"),
    path("data.json", views.data_json, name="data_json"),
    path("data.pdf", views.data_pdf, name="data_pdf"),
    path("data/correction/", views.ask_correction, name="ask_correction"),
    path("data/consent/", views.withdraw_consent, name="withdraw_consent"),
    # Staff
    path("activation/", views.activation_list, name="activation"),
    path("members/<int:pk>/link/", views.member_link, name="member_link"),
    path("officials/", views.official_list, name="officials"),
    path("officials.xlsx", views.official_export, name="officials_export"),
    path("officials/<int:pk>/member/", views.official_link, name="official_link"),
    path("corrections/", views.correction_list, name="corrections"),
    path("corrections/<int:pk>/", views.correction_answer, name="correction_answer"),
]
