import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

ROMAN_MONTH = r"(?:I|II|III|IV|V|VI|VII|VIII|IX|X|XI|XII)"
# Before 2020: KEP.359/LATTAS/XI/2018. From 2020: 2/3836/LP.03.02/XII/2022.
OLD_FORMAT = re.compile(rf"^KEP\.\d{{1,5}}/[A-Z]+(?:\.[A-Z]+)*/{ROMAN_MONTH}/(?:19|20)\d{{2}}$")
NEW_FORMAT = re.compile(rf"^\d{{1,3}}/\d{{1,6}}/[A-Z]{{2}}(?:\.\d{{2}}){{1,3}}/{ROMAN_MONTH}/(?:19|20)\d{{2}}$")


def validate_decree_number(value):
    """Check the number loosely against the two formats the Directorate General has used."""
    if not (OLD_FORMAT.match(value) or NEW_FORMAT.match(value)):
        raise ValidationError(
            _(
                "“%(value)s” does not look like a decree number. Use the form "
                "2/3836/LP.03.02/XII/2022 (from 2020) or KEP.359/LATTAS/XI/2018 (before 2020), "
                "with the month in Roman numerals."
            ),
            code="decree_number",
            params={"value": value},
        )
