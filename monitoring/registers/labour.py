"""Labour-market sources of passport item 4, kept and imported by ИМЦ.

The demand for specialists (regional and municipal) and the employers offering targeted
training are what career guidance is measured against: a graduate admitted to a
specialty the district needs, or on a targeted place, counts for more than an admission.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models

from .base import MunicipalRecord
from .catalogs import EducationLevel, Employer, Institution, Specialty


class SpecialistDemand(MunicipalRecord):
    class Territory(models.TextChoices):
        MUNICIPALITY = "municipality", "муниципалитет"
        REGION = "region", "Сахалинская область"

    class Source(models.TextChoices):
        EMPLOYMENT_CENTRE = "employment_centre", "центр занятости населения"
        EMPLOYER = "employer", "заявка работодателя"
        REGIONAL_FORECAST = "forecast", "региональный прогноз кадровой потребности"
        OTHER = "other", "другое"

    territory = models.CharField("территория", max_length=16, choices=Territory.choices,
                                 default=Territory.MUNICIPALITY)
    specialty = models.ForeignKey(
        Specialty, models.PROTECT, null=True, blank=True, related_name="demand",
        verbose_name="специальность (профессия) по ОКСО",
    )
    profession = models.CharField(
        "профессия, должность", max_length=300, blank=True,
        help_text="Как её называет работодатель, например «оператор по добыче нефти и газа».",
    )
    level = models.CharField("уровень образования", max_length=4,
                             choices=EducationLevel.choices, blank=True)
    number = models.PositiveIntegerField("потребность, человек")
    source = models.CharField("источник", max_length=20, choices=Source.choices)
    employer = models.ForeignKey(
        Employer, models.PROTECT, null=True, blank=True, related_name="demand",
        verbose_name="работодатель",
    )

    identity_fields = ("year", "territory", "specialty", "profession", "employer")

    class Meta(MunicipalRecord.Meta):
        verbose_name = "потребность в специалистах"
        verbose_name_plural = "потребность в специалистах"
        indexes = [models.Index(fields=["year", "territory"], name="demand_year_territory")]

    def __str__(self) -> str:
        what = self.profession or (self.specialty.name if self.specialty_id else "")
        return f"{self.year}: {what} — {self.number} чел."

    def clean(self) -> None:
        super().clean()
        if not self.specialty_id and not self.profession.strip():
            raise ValidationError("Укажите специальность по ОКСО или название профессии.")

    def derive(self) -> None:
        if self.specialty_id and not self.level:
            self.level = self.specialty.level


class TargetedTrainingOffer(MunicipalRecord):
    employer = models.ForeignKey(
        Employer, models.PROTECT, related_name="targeted_offers", verbose_name="работодатель"
    )
    specialty = models.ForeignKey(
        Specialty, models.PROTECT, related_name="targeted_offers",
        verbose_name="специальность (профессия)",
    )
    institution = models.ForeignKey(
        Institution, models.PROTECT, null=True, blank=True, related_name="targeted_offers",
        verbose_name="организация СПО или ВО",
    )
    places = models.PositiveIntegerField("мест")

    identity_fields = ("year", "employer", "specialty", "institution")

    class Meta(MunicipalRecord.Meta):
        verbose_name = "предложение целевого обучения"
        verbose_name_plural = "предложения целевого обучения"
        indexes = [models.Index(fields=["year", "employer"], name="offer_year_employer")]

    def __str__(self) -> str:
        return f"{self.year}: {self.employer} — {self.specialty.code}, мест: {self.places}"
