from django.apps import AppConfig


class AuthenticationConfig(AppConfig):
    name = "authentication"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from . import checks  # noqa: F401  (registers the role-groups check)
