from django.apps import AppConfig


class MonitoringConfig(AppConfig):
    name = "monitoring"
    verbose_name = "Мониторинг: школы, обучающиеся, кадры"

    def ready(self) -> None:
        # Connects the anonymisation of a deleted student's history (post_delete).
        from . import privacy  # noqa: F401
        from .dataversion import connect

        # Every write to the data raises the version computed figures are cached under.
        connect()
