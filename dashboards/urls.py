from django.urls import path

from . import imports, lists, views

app_name = "dashboards"

urlpatterns = [
    path("dashboard/", views.national, name="national"),
    path("dashboard/provinces/<str:code>/", views.province, name="province"),
    path("dashboard/forums/<int:pk>/", views.forum, name="forum"),
    path("dashboard/centres/<int:pk>/", views.centre, name="centre"),
    path("dashboard/map/provinces.svg", views.province_shapes, name="province-shapes"),
    path("dashboard/blkk/", lists.blkk_list, name="blkks"),
    path("dashboard/blkk/export.<str:fmt>", lists.blkk_export, name="blkks-export"),
    path("dashboard/implementations/", lists.implementation_list, name="implementations"),
    path("dashboard/implementations/export.<str:fmt>", lists.implementation_export, name="implementations-export"),
    path("dashboard/tables/<str:table>/export.<str:fmt>", lists.table_export, name="table-export"),
    path("blkk/export.<str:fmt>", lists.directory_export, name="directory-export"),
    path("blkk/import/", imports.blkk_import, name="blkk-import"),
    path("blkk/import/confirm/", imports.blkk_import_confirm, name="blkk-import-confirm"),
    path("blkk/import/template.<str:fmt>", imports.blkk_import_template, name="blkk-import-template"),
    path("programmes/<int:pk>/export.<str:fmt>", lists.programme_export, name="programme-export"),
]
