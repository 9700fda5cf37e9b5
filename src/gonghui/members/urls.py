from django.urls import path

from . import views

app_name = "members"

urlpatterns = [
    path("", views.member_list, name="list"),
    path("export.xlsx", views.member_export, name="export"),
    path("add/", views.member_create, name="create"),
    path("me/", views.me, name="me"),
    path("stats/", views.stats, name="stats"),
    path("stats.xlsx", views.stats_export, name="stats_export"),
    path("transfers/", views.transfer_list, name="transfers"),
    path("transfers/request/", views.transfer_request, name="transfer_request"),
    path("transfers/<int:pk>/", views.transfer_detail, name="transfer_detail"),
    path("applications/", views.application_list, name="applications"),
    path("applications/<int:pk>/", views.application_detail, name="application_detail"),
    path("card/<str:token>/", views.card_check, name="card"),
    path("join/<str:code>/", views.join, name="join"),
    path("join/<str:code>/done/", views.join_done, name="join_done"),
    path("join/<str:code>/link/", views.join_link, name="join_link"),
    path("<int:pk>/", views.member_detail, name="detail"),
    path("<int:pk>/edit/", views.member_edit, name="edit"),
    path("<int:pk>/status/", views.member_status, name="status"),
    path("<int:pk>/transfer/", views.member_transfer, name="transfer"),
]
