from django.contrib import admin

from gonghui.honors.models import HonorType, SubsidyStandard, VisitHoliday, YearRules


@admin.register(HonorType)
class HonorTypeAdmin(admin.ModelAdmin):
    list_display = ["name", "level", "category", "collective", "is_active", "sort"]
    list_filter = ["level", "collective", "is_active"]


admin.site.register(YearRules)
admin.site.register(VisitHoliday)
admin.site.register(SubsidyStandard)
