from django.core.management.base import BaseCommand

from reports.indicators.warm import warm_dashboards


class Command(BaseCommand):
    help = ("Рассчитывает заранее показатели, с которыми открываются панели (муниципалитет "
            "и каждая ОО, период по умолчанию), для данных в их нынешнем виде — то же, что "
            "делает воркер после изменения данных (DASHBOARD_WARM_SECONDS). Например, после "
            "загрузки данных или перезапуска Redis.")

    def handle(self, *args, **options) -> None:
        seconds = warm_dashboards()
        if seconds is None:
            self.stdout.write("Показатели для нынешних данных уже рассчитаны.")
        else:
            self.stdout.write(f"Показатели рассчитаны за {seconds:.1f} с.")
