"""How the OpenAPI schema names the API's two ways to log in."""

import inspect

from drf_spectacular.extensions import OpenApiAuthenticationExtension
from drf_spectacular.openapi import AutoSchema as SpectacularAutoSchema


class AutoSchema(SpectacularAutoSchema):
    """Describe each call by its method's docstring, where it has one, else by its
    view's: a view answering several methods says what each does."""

    def get_description(self) -> str:
        handler = getattr(self.view, self.method.lower(), None)
        return inspect.getdoc(handler) or super().get_description()


class BearerTokenScheme(OpenApiAuthenticationExtension):
    target_class = "api.authentication.BearerTokenAuthentication"
    name = "personalAccessToken"

    def get_security_definition(self, auto_schema):
        return {
            "type": "http",
            "scheme": "bearer",
            "description": "A personal access token, from the API tokens page.",
        }


class SessionScheme(OpenApiAuthenticationExtension):
    target_class = "api.authentication.SessionAuthentication"
    name = "session"

    def get_security_definition(self, auto_schema):
        return {"type": "apiKey", "in": "cookie", "name": "sessionid"}


ERROR_SCHEMA = {
    "type": "object",
    "required": ["error"],
    "properties": {
        "error": {
            "type": "object",
            "required": ["status", "code", "message"],
            "properties": {
                "status": {"type": "integer"},
                "code": {"type": "string", "example": "not_found"},
                "message": {"type": "string"},
                "fields": {
                    "type": "object",
                    "description": "Each invalid field's messages.",
                    "additionalProperties": {
                        "type": "array",
                        "items": {"type": "string"},
                    },
                },
            },
        }
    },
}
# Every call may answer these, each with an Error.
ERRORS = {
    "400": "The request is not valid: `fields` says why.",
    "401": "No token, or one unknown, revoked or expired.",
    "403": "You may see it but not do this, or the token's scopes do not allow it.",
    "404": "Not found, or not yours to see.",
    "405": "This address does not take this method.",
    "413": "The body is too large.",
    "415": "This address takes no such body.",
    "429": "Too many calls: wait for Retry-After seconds.",
}


def add_errors(result, generator, request, public):
    """Postprocessing hook: the Error shape, and the errors every call may answer."""
    result.setdefault("components", {}).setdefault("schemas", {})["Error"] = (
        ERROR_SCHEMA
    )
    error = {
        "content": {
            "application/json": {"schema": {"$ref": "#/components/schemas/Error"}}
        }
    }
    for item in result["paths"].values():
        for operation in item.values():
            for status, description in ERRORS.items():
                operation["responses"].setdefault(
                    status, {"description": description, **error}
                )
    return result
