from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "reports"
    verbose_name = "Анализ и отчёты"

    def ready(self) -> None:
        # The roadmap stores indicator codes and product kinds as data and cannot import
        # this app; it asks what this app registers here (see roadmap.indicator_codes and
        # roadmap.products).
        from monitoring.views_generic import register_large_export
        from roadmap.indicator_codes import register_catalogue
        from roadmap.models import ProductKind
        from roadmap.products import register_product

        from .chain import recommendation_events
        from .indicators.service import definitions

        register_catalogue(lambda: {d.code: d.name for d in definitions()})
        register_product(ProductKind.RECOMMENDATIONS, recommendation_events)
        # A list export longer than EXPORT_INLINE_MAX_ROWS becomes a report job.
        from .list_exports import start_list_export

        register_large_export(start_list_export)
