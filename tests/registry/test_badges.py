"""Level and status badges: the words of the active language, an unknown value shown as it is."""

from django.template import Context, Template
from django.utils import translation

from registry.models import Blkk

PAGE = Template("{% load registry_format %}{% level_badge level %}|{% status_badge status %}")


def render(**values):
    return PAGE.render(Context(values))


def test_a_badge_carries_the_words_of_the_active_language_each_time():
    for language in ["en", "id", "en"]:  # written once per language, never in another language's words
        with translation.override(language):
            level, status = str(Blkk.Level.MANDIRI.label), str(Blkk.Status.INACTIVE.label)
            level_prefix, status_prefix = (
                translation.gettext("Independence level:"),
                translation.gettext("Operating status:"),
            )
            html = render(level="mandiri", status="inactive")
        assert html == (
            f'<span class="badge level-mandiri"><span class="visually-hidden">{level_prefix} </span>{level}</span>|'
            f'<span class="badge text-bg-warning"><span class="visually-hidden">{status_prefix} </span>{status}</span>'
        )
    with translation.override("en"):
        assert "mandiri (independent)" in render(level="mandiri", status="active")


def test_a_value_outside_the_choices_shows_as_it_is_escaped():
    with translation.override("en"):
        html = render(level="<b>legacy</b>", status=None)
    assert "&lt;b&gt;legacy&lt;/b&gt;</span>" in html
    assert 'class="badge text-bg-light border"' in html
    assert html.endswith("None</span>")
