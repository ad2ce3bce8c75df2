"""The project package as an app: only to connect the site-wide signal receivers early."""

from django.apps import AppConfig


class PortalConfig(AppConfig):
    name = "nogliki_portal"
    verbose_name = "Портал"

    def ready(self) -> None:
        # The idle clock starts at login (nogliki_portal.security), whoever logs in first.
        from . import security  # noqa: F401
