"""Indonesian pages carry no English: every label, help text and sentence has its translation.

Two checks. The forms: each field's label and help text read in Indonesian must differ
from their English source, unless the word is the same in both languages. The pages:
rendered in Indonesian, the main forms and pages contain none of the English sentences
of the portal's catalogue (its msgids of two words or more that have a translation).
"""

import gettext
import html
import re

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse
from django.utils import translation

from dashboards.filters import DashboardFilterForm
from forum.forms import BoardPositionForm, MeetingForm
from registry.filters import DirectoryFilterForm
from registry.forms import BlkkProfileForm, SpreadsheetForm
from roadmap.forms import ClassificationForm, ImplementationFilterForm, ProgrammeForm, ReportForm, ReviewForm
from tests.roadmap.pages_world import world_fixture

world = pytest.fixture(world_fixture, name="world")

FORMS = [
    BlkkProfileForm,
    SpreadsheetForm,
    DirectoryFilterForm,
    ReportForm,
    ReviewForm,
    ClassificationForm,
    ProgrammeForm,
    ImplementationFilterForm,
    MeetingForm,
    BoardPositionForm,
    DashboardFilterForm,
]
# The same word in both languages, or a name nobody translates.
SAME_IN_BOTH = {"Status", "Forum", "VIN", "E-mail", "SHA-256"}


def texts_of(form_class, language):
    with translation.override(language):
        return {
            (name, kind): str(getattr(field, kind) or "")
            for name, field in form_class.base_fields.items()
            for kind in ("label", "help_text")
        }


@pytest.mark.parametrize("form_class", FORMS, ids=lambda form: form.__name__)
def test_every_label_and_help_text_of_a_form_is_translated(form_class):
    english, indonesian = texts_of(form_class, "en"), texts_of(form_class, "id")

    untranslated = [
        f"{name} {kind}: {text!r}"
        for (name, kind), text in english.items()
        if text and indonesian[name, kind] == text and text not in SAME_IN_BOTH
    ]
    assert untranslated == []


def test_the_vin_help_text_is_indonesian():
    with translation.override("id"):
        help_text = str(BlkkProfileForm.base_fields["vin"].help_text)
    assert "Vocational Identity Number" not in help_text
    assert help_text.startswith("Nomor Identitas Vokasi")


def english_sentences():
    """The catalogue's English source sentences that have an Indonesian translation of their own."""
    path = settings.BASE_DIR / "locale" / "id" / "LC_MESSAGES" / "django.mo"
    with path.open("rb") as mo:
        catalogue = gettext.GNUTranslations(mo)._catalog
    return sorted(
        msgid
        for msgid, msgstr in catalogue.items()
        if isinstance(msgid, str) and msgid != msgstr and len(msgid.split()) >= 2 and not re.search(r"%|\{", msgid)
    )


def visible_text(response):
    """The page's text and attribute values as a reader meets them, whitespace collapsed."""
    page = html.unescape(response.content.decode())
    page = re.sub(r"<script\b.*?</script>", " ", page, flags=re.DOTALL)
    return re.sub(r"\s+", " ", page)


def english_on(text, sentences):
    return [sentence for sentence in sentences if re.search(rf"(?<![\w-]){re.escape(sentence)}(?![\w-])", text)]


@pytest.mark.django_db
def test_the_main_pages_in_indonesian_hold_no_english_sentence(
    manager, mentor, board_member, ministry, own_blkk, world
):
    sentences = english_sentences()
    assert len(sentences) > 500, "the catalogue is compiled (manage.py compilemessages)"
    pages = {
        manager: [
            reverse("registry:blkk-list"),
            own_blkk.get_absolute_url(),
            reverse("registry:blkk-edit", args=[own_blkk.pk]),
            reverse("roadmap:report-create", args=[world.own_impl.pk]),
            reverse("roadmap:blkk-progress", args=[own_blkk.pk]),
        ],
        mentor: [reverse("roadmap:classification-create", args=[own_blkk.pk]), reverse("roadmap:review-queue")],
        board_member: [
            reverse("forum:meeting-create", args=[world.sulsel.pk]),
            world.sulsel.get_absolute_url(),
            reverse("roadmap:roadmap-detail", args=[world.sulsel_roadmap.pk]),
        ],
        ministry: [reverse("audit:log"), reverse("dashboards:national"), reverse("forum:forum-list")],
    }
    found = {}
    for user, urls in pages.items():
        client = Client(headers={"accept-language": "id"})
        client.force_login(user)
        for url in urls:
            response = client.get(url)
            assert response.status_code == 200, url
            english = english_on(visible_text(response), sentences)
            if english:
                found[url] = english
    assert found == {}

    # The same check finds the English of the page read in English: it does look.
    client = Client(headers={"accept-language": "en"})
    client.force_login(manager)
    assert english_on(visible_text(client.get(own_blkk.get_absolute_url())), sentences)
