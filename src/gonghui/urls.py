from django.conf import settings
from django.contrib import admin
from django.urls import include, path

from gonghui.api import api

handler403 = "gonghui.core.views.error_403"
handler404 = "gonghui.core.views.error_404"
handler500 = "gonghui.core.views.error_500"

urlpatterns = [
    path("", include("gonghui.core.urls")),
    path("orgs/", include("gonghui.orgs.urls")),
    path("imports/", include("gonghui.core.imports.urls")),
    path("members/", include("gonghui.members.urls")),
    path("assistance/", include("gonghui.assistance.urls")),
    path("assemblies/", include("gonghui.assemblies.urls")),
    path("workplace/", include("gonghui.workplace.urls")),
    path("innovation/", include("gonghui.innovation.urls")),
    path("contests/", include("gonghui.contests.urls")),
    path("honours/", include("gonghui.honours.urls")),
    path("rights/", include("gonghui.rights.urls")),
    path("reports/", include("gonghui.reports.urls")),
    path("m/", include("gonghui.portal.urls")),
    path("life/", include("gonghui.life.urls")),
    path("organising/", include("gonghui.organising.urls")),
    path("funds/", include("gonghui.funds.urls")),
    path("api/v1/", api.urls),
    path("captcha/", include("captcha.urls")),
]

if settings.DJANGO_ADMIN_ENABLED:
    from gonghui.core.views import admin_login

    urlpatterns += [
        path("django-admin/login/", admin_login, name="django_admin_login"),
        path("django-admin/", admin.site.urls),
    ]

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
