"""Checks on submitted values that every app's forms and views share.

Kept in the project package so that no app borrows another app's forms for them.
"""


def is_id(value):
    """A database id as submitted: ASCII digits only, short enough for a 64-bit column.

    str.isdigit() alone also accepts "²" or "①", which int() refuses.
    """
    value = str(value)
    return value.isascii() and value.isdigit() and len(value) <= 18
