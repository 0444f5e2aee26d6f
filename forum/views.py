"""Pages for browsing forums and meetings, and the forms that record meetings and board seats.

Every signed-in user browses; recording is for the users `Forum.objects.manageable_by`
admits (the forum's board, its mentor centre's staff, admins), and others get 403.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Q
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from .forms import PICKER_LIMIT, BoardPositionForm, MeetingForm, picked_ids
from .models import BoardPosition, Decree, Forum, Meeting
from .querysets import MentorState, may_manage_forum
from .services import ForumError, MeetingConflict, end_board_term, record_meeting, update_meeting

IN_FORCE = Decree.PublicStatus.IN_FORCE
MEMBERS_SHOWN = 25
MEETINGS_PER_PAGE = 10


def forum_to_manage(user, pk):
    """The forum by id if the user may record things for it; 404 unseen, 403 seen but not theirs."""
    forum = get_object_or_404(Forum.objects.visible_to(user).select_related("province"), pk=pk)
    if not may_manage_forum(user, forum):
        raise PermissionDenied(_("Only this forum's board and its mentor centre may record this."))
    return forum


@require_GET
def forum_list(request):
    forums = Forum.objects.visible_to(request.user).for_list().national_first()
    query = search_query(request)
    state = request.GET.get("state", "")
    if query:
        forums = forums.filter(Q(name__icontains=query) | Q(short_name__icontains=query))
    if state in MentorState.values:
        forums = forums.filter(mentor_state=state)
    elif state:
        messages.warning(request, _("Unknown mentor decree state; showing every state."))
        state = ""
    forums = list(forums)
    return render(
        request,
        "forum/forum_list.html",
        {"forums": forums, "query": query, "state": state, "states": MentorState.choices},
    )


@require_GET
def forum_detail(request, pk):
    forum = get_object_or_404(Forum.objects.visible_to(request.user).select_related("province"), pk=pk)
    today = timezone.localdate()
    decrees = forum.decrees.public().select_related("centre")
    chain = [(decree, decree.public_status(today)) for decree in decrees.order_by("-effective_from", "-pk")]
    mentor_decree = next((d for d, status in chain if d.kind == Decree.Kind.MENTOR and status == IN_FORCE), None)
    board = list(forum.board.by_rank().select_related("user", "blkk"))
    meetings = forum.meetings.with_attendance().select_related("regency").order_by("-starts_on", "-pk")
    meetings = Paginator(meetings, MEETINGS_PER_PAGE)
    members = forum.members()
    context = {
        "forum": forum,
        "chain": chain,
        "mentor_decree": mentor_decree,
        "days_left": (mentor_decree.effective_until - today).days
        if mentor_decree and mentor_decree.effective_until
        else None,
        "current_board": [seat for seat in board if seat.is_current(today)],
        "past_board": [seat for seat in board if not seat.is_current(today)],
        "members": list(members.select_related("regency")[:MEMBERS_SHOWN]),
        "member_count": members.count(),
        "meetings": meetings.get_page(request.GET.get("page")),
        "can_manage": may_manage_forum(request.user, forum),
    }
    return render(request, "forum/forum_detail.html", context)


@require_GET
def meeting_detail(request, pk):
    meeting = get_object_or_404(
        Meeting.objects.visible_to(request.user).select_related("forum", "regency__province", "recorded_by"), pk=pk
    )
    attendees = list(meeting.attendees.select_related("regency").order_by("name", "pk"))
    context = {
        "meeting": meeting,
        "forum": meeting.forum,
        "attendees": attendees,
        "can_manage": may_manage_forum(request.user, meeting.forum_id),
    }
    return render(request, "forum/meeting_detail.html", context)


def search_query(request):
    # A NUL cannot be typed and PostgreSQL refuses it in a comparison (a 500): drop it.
    return request.GET.get("q", "").replace("\x00", "").strip()[:100]


def saved(request, form, message):
    """Save a valid posted form and confirm it; None while the form still needs the user.

    `message` may name any field of the saved object, as in "%(title)s".
    """
    if request.method != "POST" or not form.is_valid():
        return None
    obj = form.save()
    messages.success(request, message % vars(obj))
    return obj


def meeting_create(request, pk):
    forum = forum_to_manage(request.user, pk)
    form = MeetingForm(request.POST or None, forum=forum, instance=Meeting(forum=forum))
    if request.method == "POST" and form.is_valid():
        meeting = record_meeting(form.instance, by=request.user, attendees=form.cleaned_data["attendees"])
        messages.success(request, _("The meeting “%(title)s” has been recorded.") % {"title": meeting.title})
        return redirect(meeting)
    return render_meeting_form(request, form, forum)


def meeting_edit(request, pk):
    meeting = get_object_or_404(Meeting.objects.visible_to(request.user), pk=pk)
    forum = forum_to_manage(request.user, meeting.forum_id)
    form = MeetingForm(request.POST or None, forum=forum, instance=meeting)
    if request.method == "POST" and form.is_valid():
        try:
            update_meeting(
                meeting,
                by=request.user,
                expected_version=form.cleaned_data["version"],
                attendees=form.cleaned_data["attendees"],
            )
        except MeetingConflict as conflict:
            # Nothing was saved; the form keeps what the person typed, with the reason.
            form.add_error(None, str(conflict))
        else:
            messages.success(request, _("The meeting “%(title)s” has been updated.") % {"title": meeting.title})
            return redirect(meeting)
    return render_meeting_form(request, form, forum)


def render_meeting_form(request, form, forum):
    context = {
        "form": form,
        "meeting": form.instance if form.instance.pk else None,
        **picker_context(forum, search_query(request), list(form.picked_attendees())),
    }
    return render(request, "forum/meeting_form.html", context)


def picker_context(forum, query, picked):
    """What the attendee picker shows: the ticked BLK-Ks on top, then members matching the search."""
    found = forum.members().exclude(pk__in=[blkk.pk for blkk in picked]).select_related("regency")
    if query:
        found = found.filter(Q(name__icontains=query) | Q(registry_number__icontains=query))
    found = list(found.order_by("name", "pk")[: PICKER_LIMIT + 1])
    return {
        "forum": forum,
        "picked": picked,
        "query": query,
        "candidates": found[:PICKER_LIMIT],
        "more_candidates": len(found) > PICKER_LIMIT,
    }


@require_GET
def member_search(request, pk):
    """The attendee picker's options, swapped into the meeting form as the user searches."""
    forum = forum_to_manage(request.user, pk)
    picked = forum.members().filter(pk__in=picked_ids(request.GET.getlist("attendees"))).select_related("regency")
    return render(request, "forum/_attendee_options.html", picker_context(forum, search_query(request), list(picked)))


def board_create(request, pk):
    forum = forum_to_manage(request.user, pk)
    form = BoardPositionForm(request.POST or None, forum=forum, instance=BoardPosition(forum=forum))
    if saved(request, form, _("%(person_name)s has been added to the board.")):
        return redirect(forum)
    return render(request, "forum/board_form.html", {"form": form, "forum": forum, "seat": None})


def board_edit(request, pk):
    seat = get_object_or_404(BoardPosition.objects.visible_to(request.user), pk=pk)
    forum = forum_to_manage(request.user, seat.forum_id)
    form = BoardPositionForm(request.POST or None, forum=forum, instance=seat)
    if saved(request, form, _("The board position of %(person_name)s has been updated.")):
        return redirect(forum)
    return render(request, "forum/board_form.html", {"form": form, "forum": forum, "seat": seat})


@require_POST
def board_end(request, pk):
    """End a current term today; a term that has not started yet is corrected in the edit form."""
    seat = get_object_or_404(BoardPosition.objects.visible_to(request.user), pk=pk)
    forum = forum_to_manage(request.user, seat.forum_id)
    try:
        end_board_term(seat, by=request.user)
    except ForumError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("The term of %(name)s ends today.") % {"name": seat.person_name})
    return redirect(forum)
