"""The plan rules are data: a 市总 administrator edits them per plan and year here."""

from django.contrib import admin

from gonghui.mutual_aid.models import AidPlan


@admin.register(AidPlan)
class AidPlanAdmin(admin.ModelAdmin):
    list_display = [
        "name",
        "year",
        "category",
        "contribution",
        "waiting_days",
        "payout_rule",
        "cap_per_claim",
        "cap_per_year",
        "women_only",
        "is_active",
    ]
    list_filter = ["year", "category", "is_active"]
