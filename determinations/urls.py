from django.urls import path

from determinations.stats import views as stats
from determinations.views import decisions, feeds, pages, search

urlpatterns = [
    path("", pages.home, name="home"),
    path("decisions/", search.decision_list, name="decision-list"),
    path("decisions.csv", search.decisions_csv, name="decisions-csv"),
    path("decisions.json", search.decisions_json, name="decisions-json"),
    path("decisions/feed/", feeds.search_feed, name="decision-feed"),
    path("decisions/treatments.json", search.treatments_json, name="treatment-suggestions"),
    path("search/help/", search.search_help, name="search-help"),
    path("decisions/<slug:public_id>/", decisions.decision_detail, name="decision-detail"),
    path("decisions/<slug:public_id>/original/", decisions.decision_original, name="decision-original"),
    path("guidelines/", pages.guideline_index, name="guideline-list"),
    path("guidelines.csv", pages.guideline_index, {"format": "csv"}, name="guideline-list-csv"),
    path("guidelines/<slug:slug>/", pages.guideline_detail, name="guideline-detail"),
    path("guidelines/<slug:slug>/<slug:name>.csv", pages.guideline_csv, name="guideline-csv"),
    path("reviewers/", pages.reviewer_index, name="reviewer-list"),
    path("reviewers/<slug:slug>/", pages.reviewer_detail, name="reviewer-detail"),
    path("reviewers/<slug:slug>/<slug:name>.csv", pages.reviewer_csv, name="reviewer-csv"),
    path("stats/", stats.stats_page, name="stats"),
    path("stats/<slug:name>.csv", stats.stats_csv, name="stats-csv"),
]
