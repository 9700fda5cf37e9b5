from django.urls import path

from . import views

app_name = "assemblies"

urlpatterns = [
    path("", views.congress_list, name="congresses"),
    path("new/", views.congress_create, name="congress_create"),
    path("<int:pk>/", views.congress_detail, name="congress"),
    path("<int:pk>/delegates/add/", views.delegate_add, name="delegate_add"),
    path("<int:pk>/sessions/add/", views.session_create, name="session_create"),
    path("<int:pk>/proposals/", views.proposal_list, name="proposals"),
    path("delegates/<int:pk>/end/", views.delegate_end, name="delegate_end"),
    path("sessions/<int:pk>/", views.session_console, name="session"),
    path("sessions/<int:pk>/live/", views.session_live, name="session_live"),
    path("sessions/<int:pk>/action/", views.session_action, name="session_action"),
    path("sessions/<int:pk>/qr.svg", views.session_qr, name="session_qr"),
    path("sessions/<int:pk>/qr/", views.session_qr_panel, name="session_qr_panel"),
    path("sessions/<int:pk>/projector/", views.projector, name="projector"),
    path("sessions/<int:pk>/projector/live/", views.projector_live, name="projector_live"),
    path("sessions/<int:pk>/vote-record.xlsx", views.vote_record, name="vote_record"),
    path("sessions/<int:pk>/polls/add/", views.poll_create, name="poll_create"),
    path("documents/<int:pk>/release/", views.document_release, name="document_release"),
    path("polls/<int:pk>/", views.poll_detail, name="poll"),
    path("polls/<int:pk>/action/", views.poll_action, name="poll_action"),
    path("polls/<int:pk>/sheet.pdf", views.poll_sheet, name="poll_sheet"),
    path("polls/<int:pk>/ballot.pdf", views.poll_ballot, name="poll_ballot"),
    path("proposals/<int:pk>/", views.proposal_detail, name="proposal"),
    # Delegates' phone pages
    path("my/", views.my_home, name="my_home"),
    path("my/sessions/<int:pk>/", views.my_session, name="my_session"),
    path("my/polls/<int:pk>/vote/", views.my_vote, name="my_vote"),
    path("my/polls/<int:pk>/results/", views.my_results, name="my_results"),
    path("my/congresses/<int:pk>/proposals/new/", views.my_proposal_new, name="my_proposal_new"),
    path("my/proposals/<int:pk>/", views.my_proposal, name="my_proposal"),
    # The QR's code is the session's token and a MAC of the time window: ``<token>.<mac>``.
    path("checkin/<str:token>.<str:mac>/", views.qr_checkin, name="qr_checkin"),
]
