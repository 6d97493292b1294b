"""Owners for bases, exchange agreements and inbound groups; one current plan per (org, year).

Existing rows belong to the root organization (the 市总, parent NULL). A base seeded on a fresh
database before any organization exists stays without owner, which means the 市总 as well.
"""

import django.db.models.deletion
from django.db import migrations, models

OWNED = ("Base", "ExchangeAgreement", "InboundGroup")


def claim_for_the_city(apps, schema_editor):
    Organization = apps.get_model("core", "Organization")
    root = Organization.objects.filter(parent__isnull=True).order_by("pk").first()
    for name in OWNED:
        rows = apps.get_model("recuperation", name).objects.filter(org__isnull=True)
        if root is not None:
            rows.update(org=root)
        elif name != "Base" and rows.exists():
            raise RuntimeError(f"recuperation.{name}: rows but no root organization to own them")
    if schema_editor.connection.vendor == "postgresql":
        # Fire the deferred FK checks now: ALTER TABLE below refuses pending trigger events.
        schema_editor.execute("SET CONSTRAINTS ALL IMMEDIATE")


def nothing(apps, schema_editor):
    pass


def _org_fk(label: str, *, null: bool) -> models.ForeignKey:
    return models.ForeignKey(
        blank=null,
        null=null,
        on_delete=django.db.models.deletion.PROTECT,
        related_name="+",
        to="core.organization",
        verbose_name=label,
    )


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0002_person_search_collation"),
        ("recuperation", "0002_seed_bases"),
    ]

    operations = [
        migrations.RemoveConstraint(model_name="plan", name="plan_unique_year_version"),
        migrations.RemoveConstraint(model_name="plan", name="plan_one_current_per_year"),
        migrations.AddConstraint(
            model_name="plan",
            constraint=models.UniqueConstraint(
                fields=("org", "year", "version"), name="plan_unique_org_year_version"
            ),
        ),
        migrations.AddConstraint(
            model_name="plan",
            constraint=models.UniqueConstraint(
                condition=models.Q(("status", "superseded"), _negated=True),
                fields=("org", "year"),
                name="plan_one_current_per_org_year",
            ),
        ),
        migrations.AddField(
            model_name="base", name="org", field=_org_fk("维护单位", null=True)
        ),
        migrations.AddField(
            model_name="exchangeagreement", name="org", field=_org_fk("签订单位", null=True)
        ),
        migrations.AddField(
            model_name="inboundgroup", name="org", field=_org_fk("接待单位", null=True)
        ),
        migrations.RunPython(claim_for_the_city, nothing),
        migrations.AlterField(
            model_name="exchangeagreement", name="org", field=_org_fk("签订单位", null=False)
        ),
        migrations.AlterField(
            model_name="inboundgroup", name="org", field=_org_fk("接待单位", null=False)
        ),
    ]
