from django.urls import path

from . import paper_views, plan_views, screen_views, views

app_name = "consultations"
urlpatterns = [  # under /consultations/
    path("<int:consultation_id>/", views.consultation_detail, name="detail"),
    path("<int:consultation_id>/confirm/", views.consultation_confirm_view, name="confirm"),
    path("<int:consultation_id>/suggestions/", plan_views.suggestions, name="suggestions"),
    path("<int:consultation_id>/plan/", plan_views.plan_create, name="plan_create"),
    path("alerts/<int:alert_id>/acknowledge/", views.emergency_acknowledge_view, name="emergency_acknowledge"),
    path("plans/<int:plan_id>/sign-off/", views.plan_sign_off_view, name="plan_sign_off"),
]
patient_urls = [  # under /patients/<int:patient_id>/
    path("", screen_views.overview, name="overview"),
    path("follow-up/", screen_views.follow_up, name="follow_up"),
    path("consultations/new/", views.consultation_create_view, name="create"),
    path("plans/", views.plan_history, name="plans"),
    path("diary/paper/", paper_views.paper_week, name="paper_week"),
]
