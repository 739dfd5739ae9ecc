from django.urls import path

from desk import views

app_name = "desk"
urlpatterns = [
    path("", views.home, name="home"),
    path("searches/save/", views.save_search, name="save-search"),
    path("searches/<int:pk>/", views.edit_search, name="edit-search"),
    path("unsubscribe/<str:token>/", views.unsubscribe, name="unsubscribe"),
    path("api-token/", views.api_token, name="api-token"),
    path("folders/add/", views.add_to_folder, name="add-to-folder"),
    path("folders/<int:pk>/", views.folder_page, name="folder"),
    path("folders/<int:pk>/share/", views.share_folder, name="share-folder"),
    path("folders/<int:pk>/authorities.<str:fmt>", views.folder_authorities, name="folder-authorities"),
    path("shared/<str:token>/", views.shared_folder, name="shared-folder"),
    path("shared/<str:token>/authorities.<str:fmt>", views.shared_authorities, name="shared-authorities"),
    path("authorities.<str:fmt>", views.search_authorities, name="search-authorities"),
]
