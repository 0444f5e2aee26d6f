"""Form widgets for the filter forms that every list and dashboard page draws.

Django renders a <select> through one template for the element and two more for each
<option> (the option and its attributes). The filter forms carry well over a hundred
options (provinces, regencies, centres, fields, periods), so on the directory and the
dashboards that alone took a third of the page's time. `QuickSelect` writes the very
same markup in Python; tests/registry/test_widgets.py holds it to Django's output.
"""

import html

from django import forms
from django.utils.formats import localize
from django.utils.html import conditional_escape
from django.utils.safestring import mark_safe


def _text(value):
    """What `{{ value }}` writes: localized, escaped unless marked safe (html.escape without lazy-string checks)."""
    if hasattr(value, "__html__"):
        return value.__html__()
    if not isinstance(value, str):
        value = localize(value)
    return html.escape(str(value))


def _attributes(attrs):
    """The attributes as Django's widgets/attrs.html writes them: True bare, False left out."""
    parts = []
    for name, value in attrs.items():
        if value is False:
            continue
        if value is True:
            parts.append(f" {conditional_escape(name)}")
        else:
            parts.append(f' {conditional_escape(name)}="{conditional_escape(str(value))}"')
    return "".join(parts)


class QuickSelect(forms.Select):
    """A Select that renders without the template engine, to the same HTML as Django's templates.

    The options come straight from the choices, with Django's rule for which one is
    selected (the first match, unless the select takes several values).
    """

    def render(self, name, value, attrs=None, renderer=None):
        widget = forms.Widget.get_context(self, name, value, attrs)["widget"]
        if self.allow_multiple_selected:
            widget["attrs"]["multiple"] = True
        chosen, has_selected = widget["value"], False
        parts = [f'<select name="{conditional_escape(name)}"{_attributes(widget["attrs"])}>']
        for option_value, option_label in self.choices:
            if isinstance(option_label, (list, tuple)):
                group_name, options = option_value, option_label
            else:
                group_name, options = None, [("" if option_value is None else option_value, option_label)]
            if group_name:
                parts.append(f'\n  <optgroup label="{conditional_escape(group_name)}">')
            for subvalue, sublabel in options:
                selected = (not has_selected or self.allow_multiple_selected) and str(subvalue) in chosen
                has_selected |= selected
                parts.append(
                    f'\n  <option value="{html.escape(str(subvalue))}"{" selected" if selected else ""}>'
                    f"{_text(sublabel)}</option>\n"
                )
            if group_name:
                parts.append("\n  </optgroup>")
        parts.append("\n</select>")
        return mark_safe("".join(parts))  # noqa: S308 (every value above is escaped)
