from gonghui.core.kit import DomainConfig


class ReliefConfig(DomainConfig):
    name = "gonghui.relief"
    label = "relief"
    verbose_name = "困难职工帮扶"
    menu_section = "困难帮扶"
    url_prefix = "relief/"
