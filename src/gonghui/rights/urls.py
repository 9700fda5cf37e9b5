from django.urls import path

from . import views

app_name = "rights"

urlpatterns = [
    path("", views.queue, name="queue"),
    path("export.xlsx", views.export, name="export"),
    path("new/", views.staff_new, name="staff_new"),
    path("urgent/", views.urgent, name="urgent"),
    path("dashboard/", views.dashboard, name="dashboard"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/assign/", views.assign, name="assign"),
    path("<int:pk>/note/", views.note, name="note"),
    path("<int:pk>/answer/", views.answer, name="answer"),
    path("<int:pk>/transfer/", views.transfer, name="transfer"),
    path("<int:pk>/close/", views.close, name="close"),
    path("mine/", views.mine, name="mine"),
    path("mine/new/", views.mine_new, name="mine_new"),
    path("mine/<int:pk>/", views.mine_detail, name="mine_detail"),
    path("public/new/", views.public_new, name="public_new"),
    path("public/track/", views.public_track, name="public_track"),
    path("cases/", views.case_list, name="cases"),
    path("cases/new/", views.case_new, name="case_new"),
    path("cases/<int:pk>/", views.case_detail, name="case_detail"),
    path("cases/<int:pk>/<slug:part>/", views.case_part, name="case_part"),
    path("homes/", views.home_list, name="homes"),
    path("homes/criteria/", views.home_criteria, name="home_criteria"),
    path("homes/<int:pk>/", views.home_detail, name="home_detail"),
    path("training/", views.training, name="training"),
    path("training/courses/new/", views.course_new, name="course_new"),
    path("training/courses/<int:pk>/", views.course_detail, name="course_detail"),
]
