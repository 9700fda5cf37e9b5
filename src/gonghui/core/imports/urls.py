from django.urls import path

from . import views

app_name = "imports"

urlpatterns = [
    path("job/<uuid:job_id>/", views.job_detail, name="job"),
    path("job/<uuid:job_id>/map/", views.mapping, name="map"),
    path("job/<uuid:job_id>/progress/", views.job_progress, name="progress"),
    path("job/<uuid:job_id>/fix/<int:row>/", views.fix_row, name="fix"),
    path("job/<uuid:job_id>/values/", views.map_values, name="values"),
    path("job/<uuid:job_id>/conflicts/", views.conflicts, name="conflicts"),
    path("job/<uuid:job_id>/retry/", views.retry, name="retry"),
    path("job/<uuid:job_id>/commit/", views.commit, name="commit"),
    path("job/<uuid:job_id>/errors.xlsx", views.error_download, name="errors"),
    path("files/<uuid:file_id>/", views.generated_file, name="file"),
    path("<str:key>/", views.start, name="start"),
    path("<str:key>/template.xlsx", views.template, name="template"),
]
