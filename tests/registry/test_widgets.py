"""QuickSelect writes, without templates, exactly the markup Django's Select writes with them."""

import pytest
from django import forms
from django.utils.translation import gettext_lazy

from registry.widgets import QuickSelect

CHOICES = [
    ("", gettext_lazy("All provinces")),
    ("73", "Sulawesi Selatan"),
    ("31", 'DKI "Jakarta" <&>'),
    (7, 1234),
]
GROUPED = [
    ("", "—"),
    ("Sulawesi", [("73", "Sulawesi Selatan"), ("74", "Sulawesi Tenggara")]),
    ("11", "Aceh"),
    (None, "none"),
]


@pytest.mark.parametrize("choices", [CHOICES, GROUPED, [("73", "first"), ("73", "second")], []])
@pytest.mark.parametrize("value", ["", "73", "31", 7, None, "not a choice", ["73", "74"]])
@pytest.mark.parametrize(
    "attrs",
    [{}, {"class": "form-select", "id": "id_province", "hx-get": "/x/?a=1&b=2", "disabled": True, "hidden": False}],
)
def test_the_markup_equals_djangos_select(choices, value, attrs):
    ours = QuickSelect(attrs={"data-kind": "filter"}, choices=choices)
    djangos = forms.Select(attrs={"data-kind": "filter"}, choices=choices)

    assert ours.render("province", value, attrs) == djangos.render("province", value, attrs)


def test_a_bound_field_renders_the_same_through_either_widget():
    class Form(forms.Form):
        level = forms.ChoiceField(choices=CHOICES, required=False)

    django_form = Form({"level": "31"})
    ours = Form({"level": "31"})
    ours.fields["level"].widget = QuickSelect(choices=CHOICES)

    assert str(ours["level"]) == str(django_form["level"])
    assert 'value="31" selected>DKI &quot;Jakarta&quot; &lt;&amp;&gt;</option>' in str(ours["level"])


@pytest.mark.parametrize("value", [["73", "74"], "11", None])
def test_a_multiple_select_matches_too(value):
    ours = QuickSelect(choices=GROUPED)
    ours.allow_multiple_selected = True
    djangos = forms.SelectMultiple(choices=GROUPED)

    assert ours.render("places", value) == djangos.render("places", value)
