"""Django admin's decree pages: select2 boxes named after their labels, sorted columns told."""

from django.urls import reverse

from tests.factories import DecreeFactory


def test_the_decree_form_names_every_autocomplete_box_by_its_label(page, login_as, admin_user):
    login_as(admin_user)

    page.goto(reverse("admin:forum_decree_add"))

    def label(field):
        return page.locator(f"label[for=id_{field}]").inner_text().strip().rstrip(":")

    for field in ("forum", "centre", "supersedes"):
        assert page.get_by_role("combobox", name=label(field)).count() == 1, field
    assert page.get_by_role("searchbox", name=label("annex_blkks"), exact=True).count() == 1


def test_the_decree_list_tells_which_column_is_sorted_and_how(page, login_as, admin_user):
    DecreeFactory()
    login_as(admin_user)

    page.goto(reverse("admin:forum_decree_changelist") + "?o=-1")

    sorts = page.locator("#result_list thead th.sortable").evaluate_all(
        "ths => ths.map((th) => th.getAttribute('aria-sort'))"
    )
    assert sorts[0] == "descending"
    assert set(sorts[1:]) == {"none"}
