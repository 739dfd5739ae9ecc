from django.urls import path

from determinations import views

urlpatterns = [
    path("", views.home, name="home"),
    path("decisions/", views.decision_list, name="decision-list"),
    path("decisions/<slug:public_id>/", views.decision_detail, name="decision-detail"),
    path("guidelines/<slug:slug>/", views.guideline_detail, name="guideline-detail"),
    path("reviewers/<slug:slug>/", views.reviewer_detail, name="reviewer-detail"),
]
