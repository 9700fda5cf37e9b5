from django.urls import path

from .views import activities, member, notices, public, surveys

app_name = "life"

urlpatterns = [
    path("", notices.notice_list, name="notices"),
    path("notices/new/", notices.notice_create, name="notice_create"),
    path("notices/<int:pk>/", notices.notice_detail, name="notice"),
    path("notices/<int:pk>/attach/", notices.notice_attach, name="notice_attach"),
    path("notices/<int:pk>/publish/", notices.notice_publish, name="notice_publish"),
    path("notices/<int:pk>/withdraw/", notices.notice_withdraw, name="notice_withdraw"),
    path("notices/<int:pk>/respond/", notices.notice_respond, name="notice_respond"),
    path("attachments/<int:pk>/", notices.attachment_download, name="attachment"),
    path("activities/", activities.activity_list, name="activities"),
    path("activities/new/", activities.activity_create, name="activity_create"),
    path("activities/<int:pk>/", activities.activity_detail, name="activity"),
    path("activities/<int:pk>/qr/", activities.activity_qr, name="activity_qr"),
    path("activities/<int:pk>/qr/code/", activities.activity_qr_code, name="activity_qr_code"),
    path("activities/<int:pk>/card/", activities.activity_card_checkin, name="activity_card"),
    path("activities/<int:pk>/summary/", activities.activity_summary, name="activity_summary"),
    path("activities/<int:pk>/photo/", activities.activity_photo, name="activity_photo"),
    path("activities/<int:pk>/cancel/", activities.activity_cancel, name="activity_cancel"),
    path("activities/<int:pk>/export.xlsx", activities.activity_export, name="activity_export"),
    path("photos/<int:pk>/", activities.photo_download, name="photo"),
    path("surveys/", surveys.survey_list, name="surveys"),
    path("surveys/new/", surveys.survey_create, name="survey_create"),
    path("surveys/<int:pk>/", surveys.survey_detail, name="survey"),
    path("surveys/<int:pk>/questions/", surveys.survey_add_question, name="survey_question"),
    path("surveys/<int:pk>/open/", surveys.survey_open, name="survey_open"),
    path("surveys/<int:pk>/close/", surveys.survey_close, name="survey_close"),
    path("surveys/<int:pk>/export.xlsx", surveys.survey_export, name="survey_export"),
    path("profile/", public.profile_edit, name="profile"),
    path("u/<str:code>/", public.union_page, name="public_union"),
    path("u/<str:code>/notices/<uuid:key>/", public.public_notice, name="public_notice"),
    path("me/", member.my_home, name="my_home"),
    path("me/notices/<int:pk>/", member.my_notice, name="my_notice"),
    path("me/activities/<int:pk>/", member.my_activity, name="my_activity"),
    path("me/activities/<int:pk>/signup/", member.my_signup, name="my_signup"),
    path("me/activities/<int:pk>/cancel/", member.my_cancel, name="my_cancel"),
    path("me/activities/<int:pk>/checkin/<str:token>/", member.my_checkin, name="my_checkin"),
    path("me/surveys/<int:pk>/", member.my_survey, name="my_survey"),
]
