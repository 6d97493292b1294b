"""互派 and trips: exchange agreements with other cities' unions, the groups sent and received
under them, and every recuperation trip a person went on (whatever its origin)."""

from __future__ import annotations

from django.db import models
from django.db.models import F, Q

from gonghui.core.models import Person
from gonghui.core.models_base import Created, Recorded, owning_org
from gonghui.recuperation.models_plans import Batch


class ExchangeAgreement(models.Model):
    """互派协议 with another city's union: both send and receive groups."""

    partner = models.CharField("合作工会", max_length=100)
    city = models.CharField("所在城市", max_length=60)
    signed_on = models.DateField("签订日期")
    valid_until = models.DateField("有效期至", null=True, blank=True)
    terms = models.TextField("协议内容", blank=True, default="")
    org = owning_org("签订单位")

    class Meta:
        verbose_name = "互派协议"
        verbose_name_plural = "互派协议"
        ordering = ["-signed_on", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(valid_until__isnull=True) | Q(valid_until__gte=F("signed_on")),
                name="exchange_valid_after_signed",
            )
        ]

    def __str__(self) -> str:
        return f"{self.city}·{self.partner}"


class TripLevel(models.TextChoices):
    # Who arranged the trip: a county's own plan or outbound group is COUNTY, the city's CITY.
    COUNTY = "county", "县级"
    CITY = "city", "市级"
    PROVINCIAL = "provincial", "省级"
    NATIONAL = "national", "全国"


class TripSource(models.TextChoices):
    SYSTEM = "system", "本系统记录"
    PROVINCIAL_LIST = "provincial_list", "省总名单导入"
    EXCHANGE = "exchange", "互派外出"


class OutboundGroup(Recorded):
    """A group the city (or a county) sends to a partner under a 互派协议 (互派外出); each
    participant is one Trip of the group, which counts for the no-repeat rule."""

    agreement = models.ForeignKey(
        ExchangeAgreement,
        verbose_name="互派协议",
        on_delete=models.PROTECT,
        related_name="outbound",
    )
    destination = models.CharField("目的地", max_length=100)
    start_date = models.DateField("出发日期")
    end_date = models.DateField("返回日期")
    note = models.CharField("备注", max_length=300, blank=True, default="")
    org = owning_org("派出单位")

    class Meta:
        verbose_name = "互派外出团组"
        verbose_name_plural = "互派外出团组"
        ordering = ["-start_date", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__gte=F("start_date")), name="outbound_end_after_start"
            ),
        ]

    def __str__(self) -> str:
        return f"赴{self.agreement.city}·{self.destination}（{self.start_date}）"

    @property
    def days(self) -> int:
        return (self.end_date - self.start_date).days + 1


class Trip(Created):
    """One recuperation trip a person went on: attendance on a city or county plan, an outbound
    互派 group, or the provincial list. Every origin counts for the no-repeat rule."""

    person = models.ForeignKey(
        Person, verbose_name="人员", on_delete=models.PROTECT, related_name="recuperation_trips"
    )
    year = models.PositiveSmallIntegerField("年度")
    level = models.CharField("级别", max_length=12, choices=TripLevel.choices)
    source = models.CharField("来源", max_length=16, choices=TripSource.choices)
    batch = models.ForeignKey(
        Batch,
        verbose_name="批次",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="trips",
    )
    outbound = models.ForeignKey(
        OutboundGroup,
        verbose_name="互派外出团组",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="trips",
    )
    destination = models.CharField("目的地", max_length=100, blank=True, default="")
    start_date = models.DateField("出发日期", null=True, blank=True)

    class Meta:
        verbose_name = "疗休养经历"
        verbose_name_plural = "疗休养经历"
        ordering = ["-year", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["person", "batch"],
                condition=Q(batch__isnull=False),
                name="trip_once_per_batch",
            ),
            models.UniqueConstraint(
                fields=["person", "outbound"],
                condition=Q(outbound__isnull=False),
                name="trip_once_per_outbound_group",
            ),
            models.UniqueConstraint(
                fields=["person", "year", "level"],
                condition=Q(source="provincial_list"),
                name="trip_provincial_once_per_year",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person.name} {self.year}年{self.get_level_display()}疗休养"

    @property
    def origin(self) -> str:
        """Where the trip came from, in words: 市级方案, 县级方案, 互派外出, 省总名单."""
        if self.source == TripSource.EXCHANGE:
            return "互派外出"
        if self.source == TripSource.PROVINCIAL_LIST:
            return "省总名单"
        if self.level == TripLevel.COUNTY:
            return "县级方案"
        return f"{self.get_level_display()}方案"


class InboundGroup(models.Model):
    """A group received from a partner (接待): size, dates, sites, local spending."""

    agreement = models.ForeignKey(
        ExchangeAgreement,
        verbose_name="互派协议",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="inbound",
    )
    partner = models.CharField("来访单位", max_length=100)
    size = models.PositiveIntegerField("人数")
    start_date = models.DateField("抵达日期")
    end_date = models.DateField("离开日期")
    sites = models.CharField("参观地点", max_length=300, blank=True, default="")
    local_spending = models.DecimalField(
        "当地消费（元）", max_digits=12, decimal_places=2, default=0
    )
    note = models.CharField("备注", max_length=300, blank=True, default="")
    org = owning_org("接待单位")

    class Meta:
        verbose_name = "来安接待团组"
        verbose_name_plural = "来安接待团组"
        ordering = ["-start_date", "id"]
        constraints = [
            models.CheckConstraint(condition=Q(size__gte=1), name="inbound_size_positive"),
            models.CheckConstraint(
                condition=Q(end_date__gte=F("start_date")), name="inbound_end_after_start"
            ),
            models.CheckConstraint(
                condition=Q(local_spending__gte=0), name="inbound_spending_nonneg"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.partner} {self.size}人（{self.start_date}）"

    @property
    def days(self) -> int:
        return (self.end_date - self.start_date).days + 1
