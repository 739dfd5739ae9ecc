from django.urls import path

from determinations.views import decisions, pages, search

urlpatterns = [
    path("", pages.home, name="home"),
    path("decisions/", search.decision_list, name="decision-list"),
    path("decisions.csv", search.decisions_csv, name="decisions-csv"),
    path("decisions.json", search.decisions_json, name="decisions-json"),
    path("decisions/<slug:public_id>/", decisions.decision_detail, name="decision-detail"),
    path("decisions/<slug:public_id>/original/", decisions.decision_original, name="decision-original"),
    path("guidelines/<slug:slug>/", pages.guideline_detail, name="guideline-detail"),
    path("reviewers/<slug:slug>/", pages.reviewer_detail, name="reviewer-detail"),
]
