from django.urls import path

from . import coordinator_views, schedule_views, views

app_name = "studies"
urlpatterns = [  # under /studies/
    path("", coordinator_views.study_list, name="list"),
    path("new/", coordinator_views.study_create, name="create"),
    path("<int:study_id>/", coordinator_views.study_detail, name="detail"),
    path("<int:study_id>/practices/", coordinator_views.study_practice_add, name="practice_add"),
    path("<int:study_id>/randomise/", coordinator_views.study_randomise, name="randomise"),
    path("<int:study_id>/dashboard/", coordinator_views.study_dashboard, name="dashboard"),
    path("<int:study_id>/export.csv", coordinator_views.study_export, name="export"),
    path("<int:study_id>/codebook.csv", coordinator_views.study_codebook, name="codebook"),
    path("worklist/", views.worklist, name="worklist"),
    path("schedules/", schedule_views.schedules, name="schedules"),
    path("schedules/new/", schedule_views.schedule_create, name="schedule_create"),
    path("assessments/<int:assessment_id>/enter/", views.assessment_enter, name="enter"),
    path("assessments/<int:assessment_id>/paper/", views.assessment_paper, name="paper"),
    path("assessments/<int:assessment_id>/remind/", views.assessment_remind, name="remind"),
]
patient_urls = [  # under /patients/<int:patient_id>/
    path("questionnaires/", views.patient_questionnaires, name="patient"),
    path("studies/<int:study_id>/enrol/", views.enrol, name="enrol"),
    path("schedules/enrol/", schedule_views.schedule_enrol, name="schedule_enrol"),
    path("studies/enrolments/<int:enrolment_id>/withdraw/", views.withdraw, name="withdraw"),
]
