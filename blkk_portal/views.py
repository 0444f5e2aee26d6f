from django.contrib.auth.decorators import login_not_required
from django.db import DatabaseError, connection, transaction
from django.http import JsonResponse
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from accounts.roles import is_board_member, is_manager, is_mentor, sees_everything
from forum.models import Forum
from roadmap.querysets import BlkkScope


@login_not_required
def home(request):
    """Send each role to where its work is; anonymous visitors see the public welcome page."""
    user = request.user
    if not user.is_authenticated:
        return render(request, "home.html")
    if sees_everything(user):
        return redirect("dashboards:national")
    if is_mentor(user):
        # A mentor's work is the review queue; its top says how big the backlog is.
        if BlkkScope(user).reviews_anything():
            return redirect("roadmap:review-queue")
        centre = user.training_centres.order_by("pk").values_list("pk", flat=True).first()
        if centre is not None:
            return redirect("dashboards:centre", pk=centre)
        return redirect("roadmap:review-queue")
    if is_manager(user) and user.managed_blkks.exists():
        return redirect("roadmap:my-programmes")
    if is_board_member(user):
        # With seats on several boards (rare), the first in the forum list's order:
        # the national forum, then the provinces.
        forum = Forum.objects.boarded_by(user).national_first().first()
        if forum is not None:
            return redirect(forum)
    return redirect("registry:blkk-list")


@login_not_required
@transaction.non_atomic_requests
@never_cache
@require_GET
def healthz(request):
    """Report whether the database answers; load balancers read the status code."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError:
        return JsonResponse({"status": "error", "database": "unreachable"}, status=503)
    return JsonResponse({"status": "ok", "database": "reachable"})
