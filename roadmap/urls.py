from django.urls import path

from .views import blkk, reports, review, roadmaps, work

app_name = "roadmap"

urlpatterns = [
    path("roadmaps/", roadmaps.roadmap_list, name="roadmap-list"),
    path("roadmaps/<int:pk>/", roadmaps.roadmap_detail, name="roadmap-detail"),
    path("roadmaps/<int:pk>/programmes/new/", roadmaps.programme_create, name="programme-create"),
    path("programmes/<int:pk>/", roadmaps.programme_detail, name="programme-detail"),
    path("programmes/<int:pk>/edit/", roadmaps.programme_edit, name="programme-edit"),
    path("periods/<int:pk>/lock/", roadmaps.period_lock, name="period-lock"),
    path("implementations/<int:pk>/", reports.implementation_detail, name="implementation-detail"),
    path("implementations/<int:pk>/report/", reports.report_create, name="report-create"),
    path("reports/<int:pk>/", reports.report_detail, name="report-detail"),
    path("reports/<int:pk>/evidence/", reports.report_evidence, name="report-evidence"),
    path("reports/<int:pk>/review/", work.report_review, name="report-review"),
    path("my-programmes/", work.my_programmes, name="my-programmes"),
    path("review/", review.review_queue, name="review-queue"),
    path("review/approve/", review.review_approve_selected, name="review-approve-selected"),
    path("blkk/<int:pk>/progress/", blkk.blkk_progress, name="blkk-progress"),
    path("blkk/<int:pk>/classify/", blkk.classification_create, name="classification-create"),
]
