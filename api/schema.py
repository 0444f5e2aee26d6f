"""The OpenAPI document's finishing touches: the API's description, its auth, one error shape everywhere."""

from drf_spectacular.extensions import OpenApiAuthenticationExtension

DESCRIPTION = """
The data of the BLK-K Portal (Portal BLK Komunitas) of the Ministry of Manpower, read
with exactly the access each person has on the portal's pages.

**Authentication.** Create a personal token on the portal (account menu → API tokens, or
`manage.py create_api_token <username> <name>`) and send `Authorization: Bearer <token>`.
The docs page also works with the portal's session.

**Open data.** Regions (Kemendagri codes), training centres, the forum list, the
verification data of signed decrees and the national counts need no token; `GET /api/v1/`
lists them with their source, update time and licence. Region codes and names come from
the public dataset cahyadsn/wilayah (MIT licence).

**Conventions.** JSON with ISO 8601 dates; lists are pages (`?page=`, `?page_size=` up to
100) with `count` and `pages`; every read answers an `ETag` and `If-None-Match` answers
304; every error is `{"error": {"code", "message", "details"}}`; requests are throttled
per person (429 with `Retry-After`). Messages follow `Accept-Language` (id, en).
"""

ERROR = {
    "type": "object",
    "required": ["error"],
    "properties": {
        "error": {
            "type": "object",
            "required": ["code", "message", "details"],
            "properties": {
                "code": {"type": "string", "description": "Stable, for programs: not_found, invalid, conflict, ..."},
                "message": {"type": "string", "description": "For people, in the request's language."},
                "details": {"description": "Per-field messages, what a conflict found, or null."},
            },
        }
    },
}
ERRORS = {
    "400": "The request has errors, or a rule of the portal refused it.",
    "401": "No token, or an unknown or revoked one.",
    "403": "Signed in, but this is not yours to do or see.",
    "404": "Not found, or not in your sight.",
    "405": "This method is not offered here.",
    "406": "Only JSON is offered.",
    "415": "Send JSON or a multipart form.",
    "429": "Too many requests for this token; see Retry-After.",
}


class BearerTokenScheme(OpenApiAuthenticationExtension):
    target_class = "api.authentication.BearerTokenAuthentication"
    name = "token"

    def get_security_definition(self, auto_schema):
        return {"type": "http", "scheme": "bearer", "description": "A personal API token: blkk_<prefix>_<secret>."}


class PortalSessionScheme(OpenApiAuthenticationExtension):
    target_class = "api.authentication.PortalSessionAuthentication"
    name = "session"

    def get_security_definition(self, auto_schema):
        return {"type": "apiKey", "in": "cookie", "name": "sessionid"}


def finish_schema(result, generator, request, public):
    """Postprocessing hook: description and licence, the error body on every operation, 304 on reads."""
    result["info"]["description"] = DESCRIPTION.strip()
    result["info"]["license"] = {"name": "Open data: see each dataset in GET /api/v1/", "identifier": "MIT"}
    result.setdefault("components", {}).setdefault("schemas", {})["Error"] = ERROR
    reference = {"$ref": "#/components/schemas/Error"}
    for path in result.get("paths", {}).values():
        for method, operation in path.items():
            responses = operation.setdefault("responses", {})
            for code, description in ERRORS.items():
                body = {"application/json": {"schema": reference}}
                responses.setdefault(code, {"description": description, "content": body})
            if method == "get":
                responses["304"] = {"description": "Not modified: the ETag sent in If-None-Match still holds."}
    return result
