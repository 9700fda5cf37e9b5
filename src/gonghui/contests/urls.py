from django.urls import path

from . import views

app_name = "contests"

urlpatterns = [
    path("", views.campaign_list, name="list"),
    path("new/", views.campaign_create, name="create"),
    path("board/<uuid:key>/", views.public_board, name="public_board"),
    path("entries/<int:pk>/confirm/", views.entry_confirm, name="entry_confirm"),
    path("<int:pk>/", views.campaign_detail, name="detail"),
    path("<int:pk>/indicators/", views.indicator_add, name="indicator_add"),
    path("<int:pk>/teams/", views.team_add, name="team_add"),
    path("<int:pk>/tie-rule/", views.tie_rule, name="tie_rule"),
    path("<int:pk>/conflicts/", views.conflict_add, name="conflict_add"),
    path("<int:pk>/start/", views.campaign_start, name="start"),
    path("<int:pk>/freeze/", views.board_freeze, name="freeze"),
    path("<int:pk>/close/", views.campaign_close, name="close"),
    path("<int:pk>/entries/", views.entries, name="entries"),
    path("<int:pk>/export/", views.board_export, name="export"),
    path("<int:pk>/team-leader/", views.team_leader, name="team_leader"),
    path("<int:pk>/import-template.xlsx", views.import_template, name="import_template"),
    path("my-teams/", views.my_teams, name="my_teams"),
    path("teams/<int:pk>/", views.team_page, name="team"),
    path("events/", views.event_list, name="events"),
    path("events/new/", views.event_create, name="event_create"),
    path("events/<int:pk>/", views.event_detail, name="event"),
    path("events/<int:pk>/contestants/", views.contestant_add, name="contestant_add"),
    path("events/<int:pk>/judges/", views.judge_add, name="judge_add"),
    path("events/<int:pk>/conflicts/", views.event_conflict_add, name="event_conflict_add"),
    path("events/<int:pk>/scores/", views.score_add, name="score_add"),
    path("events/<int:pk>/publish/", views.event_publish, name="event_publish"),
    path("events/<int:pk>/rounds/", views.round_add, name="round_add"),
    path("events/<int:pk>/criteria/", views.criterion_add, name="criterion_add"),
    path("events/<int:pk>/score-rule/", views.score_rule, name="score_rule"),
    path("rounds/<int:pk>/", views.round_detail, name="round"),
    path("rounds/<int:pk>/scores/", views.round_score, name="round_score"),
    path("rounds/<int:pk>/close/", views.round_close, name="round_close"),
    path("certificates/<int:pk>/", views.certificate, name="certificate"),
]
