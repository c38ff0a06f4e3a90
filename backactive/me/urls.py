from django.urls import path

from .views import account as account_views
from .views import corrections as correction_views
from .views import diary as diary_views
from .views import questionnaires as questionnaire_views
from .views import session as session_views

app_name = "me"
urlpatterns = [
    path("", diary_views.today, name="today"),
    path("entry/", diary_views.entry_create, name="entry"),
    path("entry/<str:kind>/<int:entry_id>/delete/", diary_views.entry_delete, name="entry_delete"),
    path("entry/<str:kind>/<int:entry_id>/correct/", correction_views.entry_correct, name="entry_correct"),
    path("sync/", diary_views.sync, name="sync"),
    path("sw.js", diary_views.service_worker, name="service_worker"),
    path("welcome/", account_views.welcome, name="welcome"),
    path("progress/", account_views.progress, name="progress"),
    path("plan/", account_views.plan, name="plan"),
    path("plan/exercise/<int:item_id>/level/", account_views.plan_level, name="plan_level"),
    path("session/", session_views.session, name="session"),
    path("settings/", account_views.settings_page, name="settings"),
    path("settings/<str:part>/", account_views.settings_save, name="settings_save"),
    path("calendar.ics", account_views.calendar_download, name="calendar_download"),
    path("data/", account_views.data, name="data"),
    path("data/export.<str:fmt>", account_views.export, name="export"),
    path("data/delete/", account_views.delete_all, name="delete_all"),
    path("questionnaires/", questionnaire_views.questionnaires, name="questionnaires"),
    path("questionnaires/<int:assessment_id>/", questionnaire_views.questionnaire, name="questionnaire"),
    path("questionnaires/<int:assessment_id>/save/", questionnaire_views.questionnaire_save, name="questionnaire_save"),
    path("questionnaires/<int:assessment_id>/done/", questionnaire_views.questionnaire_done, name="questionnaire_done"),
]
