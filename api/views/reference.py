"""The API's OpenAPI schema, and a reference page made from it."""

import re
from functools import cache

from django.contrib.auth.decorators import login_not_required
from django.shortcuts import render
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_GET
from drf_spectacular.generators import SchemaGenerator
from drf_spectacular.views import SpectacularAPIView

METHODS = ("get", "post", "patch", "put", "delete")
CODE = re.compile(r"`([^`]+)`")


class Schema(SpectacularAPIView):
    """The OpenAPI 3 schema, as YAML or (`?format=json`) JSON."""

    @classmethod
    def as_view(cls, **initkwargs):
        return login_not_required(super().as_view(**initkwargs))


@cache
def operations() -> list[dict]:
    """Every operation of the schema, by address, for the reference page."""
    schema = SchemaGenerator().get_schema(request=None, public=True)
    return [
        {
            "method": method.upper(),
            "path": path,
            "summary": with_code(operation.get("description", "").split("\n\n")[0]),
            "id": operation["operationId"],
        }
        for path, item in schema["paths"].items()
        for method in METHODS
        if (operation := item.get(method))
    ]


def with_code(text: str) -> str:
    """The text, escaped, its `quoted` words as code."""
    return mark_safe(CODE.sub(r"<code>\1</code>", escape(text)))  # noqa: S308


@login_not_required
@require_GET
def reference_page(request):
    return render(request, "api/reference.html", {"operations": operations()})
