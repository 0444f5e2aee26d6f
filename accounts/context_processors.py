from .roles import Role, is_admin, roles_of


def roles(request):
    """Tell templates which roles the user holds, so the navbar fits them."""
    held = roles_of(request.user)
    return {
        "role": {
            "admin": is_admin(request.user),
            "ministry": Role.MINISTRY in held,
            "mentor": Role.MENTOR in held,
            "board": Role.BOARD in held,
            "manager": Role.MANAGER in held,
        }
    }
