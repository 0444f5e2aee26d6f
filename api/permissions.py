"""Who may call what. The rows themselves are decided by the apps' queryset methods (api/views).

Two kinds of endpoint:

- signed in (the default, `IsAuthenticated`): a token or a session; each reader gets what
  the portal's pages give them, through `visible_to` and the other rules of the apps;
- open data (`OpenData`): regions, training centres, the forum list, the verification data
  of signed decrees and the national counts, published for Satu Data Indonesia. Anyone
  may read them without a token; a signed-in reader gets the same rows.
"""

from rest_framework.permissions import AllowAny

# Readable without a token: a dataset published as open data (see api/views/root.py). AllowAny
# itself, not a subclass, so that drf-spectacular documents these operations as open.
OpenData = AllowAny


def open_rows(queryset, user):
    """An open dataset's rows: `visible_to` for a signed-in reader, the whole published set for anybody else.

    Only the open datasets call this, and only with querysets whose `visible_to` already
    gives every signed-in reader every row; the open data adds no row a reader could not
    see signed in.
    """
    return queryset.visible_to(user) if user.is_authenticated else queryset.all()
