"""The site's own forms check what API calls send: one set of rules and messages."""

from django import forms
from django.http import QueryDict
from django.utils.datastructures import MultiValueDict
from rest_framework.exceptions import ValidationError


def sent(request) -> dict:
    """A form's `data` and `files` from a call's JSON or multipart body."""
    data = request.data
    if not isinstance(data, QueryDict):
        # JSON: lists stay lists, for fields sent once per file.
        query = QueryDict(mutable=True)
        for name, value in data.items() if isinstance(data, dict) else []:
            values = value if isinstance(value, list) else [value]
            query.setlist(name, [_as_text(each) for each in values])
        data = query
    return {"data": data, "files": MultiValueDict(request.FILES)}


def _as_text(value) -> str:
    """A JSON value as a form field reads it: true is "on", false is ""."""
    if isinstance(value, bool):
        return "on" if value else ""
    return "" if value is None else str(value)


def checked(form: forms.BaseForm) -> forms.BaseForm:
    """`form`, valid; else a 400 naming each field's messages."""
    if not form.is_valid():
        raise ValidationError(
            {name: list(messages) for name, messages in form.errors.items()}
        )
    return form
