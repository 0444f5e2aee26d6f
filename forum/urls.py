from django.urls import path

from . import views, views_verify

app_name = "forum"

urlpatterns = [
    path("forums/", views.forum_list, name="forum-list"),
    path("forums/<int:pk>/", views.forum_detail, name="forum-detail"),
    path("forums/<int:pk>/meetings/new/", views.meeting_create, name="meeting-create"),
    path("forums/<int:pk>/members/search/", views.member_search, name="member-search"),
    path("forums/<int:pk>/board/new/", views.board_create, name="board-create"),
    path("meetings/<int:pk>/", views.meeting_detail, name="meeting-detail"),
    path("meetings/<int:pk>/edit/", views.meeting_edit, name="meeting-edit"),
    path("board/<int:pk>/edit/", views.board_edit, name="board-edit"),
    path("board/<int:pk>/end/", views.board_end, name="board-end"),
    path("verify/", views_verify.verify, name="verify"),
    path("verify/<str:token>/", views_verify.verify_decree, name="verify-decree"),
]
