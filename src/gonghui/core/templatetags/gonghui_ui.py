"""Bootstrap rendering of form fields, so templates stay short and errors show per field."""

from __future__ import annotations

from typing import Any

from django import forms, template

from gonghui.core.money import yuan as money_yuan
from gonghui.core.widgets import OrgTreePicker

register = template.Library()


@register.inclusion_tag("includes/field.html")
def field(bf: forms.BoundField, compact: bool = False) -> dict[str, Any]:
    """One field: label, widget, help text and its errors (in Chinese)."""
    widget = bf.field.widget
    if isinstance(widget, OrgTreePicker):
        kind, css = "picker", "form-select"
    elif isinstance(widget, forms.CheckboxInput):
        kind, css = "check", "form-check-input"
    elif isinstance(widget, forms.Select):
        kind, css = "select", "form-select"
    else:
        kind, css = "input", "form-control"
    if compact:
        css += (
            " form-select-sm"
            if kind in ("select", "picker")
            else " form-control-sm"
            if kind == "input"
            else ""
        )
    if bf.errors:
        css += " is-invalid"
    attrs: dict[str, str | bool] = {"class": css}
    if bf.errors:
        attrs["aria-describedby"] = f"{bf.auto_id}_errors"
    return {"bf": bf, "widget": bf.as_widget(attrs=attrs), "kind": kind, "compact": compact}


@register.inclusion_tag("includes/form_fields.html")
def form_fields(form: forms.Form) -> dict[str, Any]:
    """Non-field errors, then every visible field, then the hidden ones."""
    return {"form": form}


@register.filter
def yesno_cn(value: Any) -> str:
    return "是" if value else "否"


@register.filter
def yuan(value: Any) -> str:
    """Money as the platform shows it everywhere: 1,234,567.00 元 (blank stays blank)."""
    return money_yuan(value)


@register.filter
def count(value: Any) -> str:
    """A count as the platform shows it: 28,000 (Django's intcomma adds no separator in zh-hans);
    anything that is not a whole number is shown as it is."""
    try:
        return f"{int(value):,}"
    except (TypeError, ValueError):
        return "" if value is None else str(value)
