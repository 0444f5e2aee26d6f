"""The navbar's links, each told whether it is the page or the section the person is in."""

from django import template
from django.urls import reverse

register = template.Library()

# The navbar section of each namespace; pages listed here belong to another one.
SECTION_OF_NAMESPACE = {
    "dashboards": "dashboards:national",
    "registry": "registry:blkk-list",
    "forum": "forum:forum-list",
    "roadmap": "roadmap:roadmap-list",
    "audit": "audit:log",
}
SECTION_OF_PAGE = {
    "registry:centre-list": "registry:centre-list",
    "registry:centre-detail": "registry:centre-list",
    "registry:province-list": "registry:province-list",
    "registry:province-detail": "registry:province-list",
    "dashboards:blkk-import": "registry:blkk-list",
    "dashboards:blkk-import-confirm": "registry:blkk-list",
    "forum:verify": "forum:verify",
    "forum:verify-decree": "forum:verify",
    "roadmap:my-programmes": "roadmap:my-programmes",
    "roadmap:review-queue": "roadmap:review-queue",
    "roadmap:report-review": "roadmap:review-queue",
    "roadmap:blkk-progress": "registry:blkk-list",
    "roadmap:classification-create": "registry:blkk-list",
}


def section_of(match):
    """The navbar entry (a URL name) that the resolved page belongs to, or None."""
    if match is None:
        return None
    return SECTION_OF_PAGE.get(match.view_name) or SECTION_OF_NAMESPACE.get(match.namespace)


@register.inclusion_tag("_nav_item.html", takes_context=True)
def nav_item(context, url_name, label, menu=False):
    """A navbar link: aria-current="page" on the page itself, "true" anywhere else in its section.

    `menu` makes it an item of a dropdown menu rather than a link of the bar.
    """
    request = context["request"]
    url = reverse(url_name)
    if request.path == url:
        current = "page"
    elif section_of(getattr(request, "resolver_match", None)) == url_name:
        current = "true"
    else:
        current = None
    return {"url": url, "label": label, "current": current, "menu": menu}


@register.simple_tag(takes_context=True)
def nav_section_in(context, *url_names):
    """Whether the page belongs to the section of one of `url_names` (to mark the menu holding them)."""
    return section_of(getattr(context["request"], "resolver_match", None)) in url_names
