from django.utils.translation import gettext_lazy as _
from rest_framework.pagination import PageNumberPagination
from rest_framework.response import Response


class PagePagination(PageNumberPagination):
    """`?page=N&page_size=M` (at most 100); every page says how many rows and pages there are."""

    page_size = 25
    page_size_query_param = "page_size"
    max_page_size = 100
    invalid_page_message = _("There is no page %(page_number)s.")

    def get_paginated_response(self, data):
        return Response(
            {
                "count": self.page.paginator.count,
                "page": self.page.number,
                "pages": self.page.paginator.num_pages,
                "next": self.get_next_link(),
                "previous": self.get_previous_link(),
                "results": data,
            }
        )

    def get_paginated_response_schema(self, schema):
        return {
            "type": "object",
            "required": ["count", "page", "pages", "next", "previous", "results"],
            "properties": {
                "count": {"type": "integer", "description": "Rows on all pages."},
                "page": {"type": "integer"},
                "pages": {"type": "integer"},
                "next": {"type": ["string", "null"], "format": "uri"},
                "previous": {"type": ["string", "null"], "format": "uri"},
                "results": schema,
            },
        }

    def get_page_size(self, request):
        # A page size that is not a positive number falls back to the default instead of a 500.
        raw = request.query_params.get(self.page_size_query_param, "")
        if raw.isascii() and raw.isdigit() and len(raw) < 6 and int(raw) > 0:
            return min(int(raw), self.max_page_size)
        return self.page_size
