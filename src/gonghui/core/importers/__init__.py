"""Import declarations for core records: persons with their memberships, and employers.

Each importer declares its columns (Chinese headers, aliases, kinds) and three hooks on top of
the framework in core/importing/: `clean` (one row, no queries), `plan` (one batch: a constant
number of SELECTs, then the services' validation), `write` (bulk writes + bulk audit entries).
Persons are registered first: the 数据导入 page preselects the first importer.
"""

from gonghui.core.importers.employers import EmployerImporter
from gonghui.core.importers.persons import MEMBER_UNION_KINDS, PersonImporter

__all__ = ["MEMBER_UNION_KINDS", "EmployerImporter", "PersonImporter"]
