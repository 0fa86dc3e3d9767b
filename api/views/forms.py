"""The site's own forms check what API calls send: one set of rules and messages."""

from django import forms
from django.http import QueryDict
from django.utils.datastructures import MultiValueDict
from rest_framework.exceptions import ValidationError

SCALARS = (str, int, float, bool, type(None))


def sent(request) -> dict:
    """A form's `data` and `files` from a call's JSON or multipart body; a JSON
    body must be an object of plain values (or lists of them, for fields sent once
    per file)."""
    data = request.data
    if not isinstance(data, QueryDict):
        if not isinstance(data, dict):
            raise ValidationError({"non_field_errors": ["Send a JSON object."]})
        query = QueryDict(mutable=True)
        for name, value in data.items():
            values = value if isinstance(value, list) else [value]
            if not all(isinstance(each, SCALARS) for each in values):
                raise ValidationError({name: ["Send a text, a number or true/false."]})
            query.setlist(name, [_as_text(each) for each in values])
        data = query
    return {"data": data, "files": MultiValueDict(request.FILES)}


def _as_text(value) -> str:
    """A JSON value as a form field reads it: true is "on", false is ""."""
    if isinstance(value, bool):
        return "on" if value else ""
    return "" if value is None else str(value)


def with_unsent(data: QueryDict, instance, names: tuple[str, ...]) -> QueryDict:
    """`data`, with the fields not sent kept as `instance` has them: a PATCH
    changes only what it sends."""
    data = data.copy()
    for name in names:
        if name not in data:
            data[name] = getattr(instance, name)
    return data


def checked(form: forms.BaseForm) -> forms.BaseForm:
    """`form`, valid; else a 400 naming each field's messages."""
    if not form.is_valid():
        raise ValidationError(
            {name: list(messages) for name, messages in form.errors.items()}
        )
    return form
