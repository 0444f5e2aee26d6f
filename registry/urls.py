from django.urls import path

from . import views

app_name = "registry"

urlpatterns = [
    path("blkk/", views.blkk_list, name="blkk-list"),
    path("blkk/regency-options/", views.regency_options, name="regency-options"),
    path("blkk/<int:pk>/", views.blkk_detail, name="blkk-detail"),
    path("blkk/<int:pk>/edit/", views.blkk_edit, name="blkk-edit"),
    path("centres/", views.centre_list, name="centre-list"),
    path("centres/<int:pk>/", views.centre_detail, name="centre-detail"),
    path("provinces/", views.province_list, name="province-list"),
    path("provinces/<str:code>/", views.province_detail, name="province-detail"),
]
