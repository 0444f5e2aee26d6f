from django.contrib.auth.models import AnonymousUser

from .roles import Role, is_admin, may_read_audit_log, roles_of, uses_admin_site


def roles(request):
    """Tell templates which roles the user holds, so the navbar fits them."""
    # A request refused before AuthenticationMiddleware (a bad Host header, a NUL in the URL)
    # has no user, and its 400 page must still render.
    user = getattr(request, "user", None) or AnonymousUser()
    held = roles_of(user)
    return {
        "role": {
            "admin": is_admin(user),
            # Links to pages whose own rule decides; the navbar shows what the page would open.
            "admin_site": uses_admin_site(user),
            "audit_log": may_read_audit_log(user),
            "ministry": Role.MINISTRY in held,
            "mentor": Role.MENTOR in held,
            "board": Role.BOARD in held,
            "manager": Role.MANAGER in held,
        }
    }
