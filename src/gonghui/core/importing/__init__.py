"""The one Excel import framework: read a sheet, map its header, validate every row, then commit.

Importers (core/importers/, <app>/importers.py) are declarations on top of it: columns with
Chinese headers and aliases (the shared ones — 姓名, 身份证号码, 手机号, 所属工会 — from
`columns`), a `clean` per row, and `plan`/`write` per batch of rows. The framework does
everything else the same way for all of them:

- reads .xlsx/.xls with python-calamine and .csv (UTF-8 with/without BOM, GBK/GB18030, UTF-16);
- rejects non-spreadsheets, oversized and empty files with a Chinese message;
- finds the header row among the first rows (title rows above it are fine), tolerating spaces,
  full-width characters, required-column stars, notes in brackets (身份证号码（18位）), aliases
  and any column order; skips the template's example row;
- keeps text that could be a formula (=1+1, ＝1+1, " =1+1") exactly as written and takes off
  the apostrophe our exports put in front of it (core.exporting.excel_text);
- turns formulas and error values (#N/A …) into row errors (calamine only returns cached values,
  so the cells are located in the raw sheet: the XML for .xlsx, the BIFF records for .xls);
- takes the national code lists (民族, 政治面貌, 学历: core.codes) by name, short form or code
  and stores the standard name;
- collects ALL errors (Excel row number, the file's column header, a Chinese reason), including
  duplicate keys inside the file;
- dry run (preview counts new/updated/unchanged) or commit: every row or none, in one transaction;
- writes the error report (the uploaded sheet, bad cells red with a comment, a 错误原因 column)
  in the import job, streaming, beside the upload; and the per-importer template.

The modules, in the order a file goes through them:
  text          cell text, header keys, dates
  declarations  Column, Item, RowError, Importer and the registry of importers
  columns       the shared column definitions
  readers       what a file is, and its first sheet's rows
  headers       the header row and which cell is which column
  engine        ImportContext and run_import: the rows, their batches, the transaction
  rows          insert_rows, the fast raw INSERT of the large writes
  reports       the error report
  templates     the template download
  uploads       where uploads and reports are kept, and their purge
  services      import_upload / import_confirm / import_error_report and the import jobs
"""

from gonghui.core.importing.columns import (
    ID_NUMBER_NAMES,
    ORGANIZATION_HELP,
    ORGANIZATION_NAMES,
    PERSON_NAME_NAMES,
    PHONE_NAMES,
    id_number_column,
    organization_column,
    person_name_column,
    phone_column,
)
from gonghui.core.importing.declarations import (
    ACTION_LABELS,
    Column,
    Importer,
    ImportFileError,
    Item,
    ProgressFn,
    RowError,
    choice_labels,
    get_importer,
    importers,
    mask_text,
    register,
)
from gonghui.core.importing.engine import PREVIEW_ROWS, ImportContext, ImportReport, run_import
from gonghui.core.importing.headers import HEADER_SCAN_ROWS, Header, find_header
from gonghui.core.importing.readers import (
    CSV,
    EXCEL_ERRORS,
    FORMULA,
    XLS,
    XLSX,
    Table,
    check_upload,
    read_table,
)
from gonghui.core.importing.reports import REPORT_PROGRESS_ROWS, error_report
from gonghui.core.importing.rows import insert_rows
from gonghui.core.importing.services import import_confirm, import_error_report, import_upload
from gonghui.core.importing.templates import SAMPLE_MARK, is_sample, template
from gonghui.core.importing.text import cell_text, fold, header_key, parse_date
from gonghui.core.importing.uploads import UPLOAD_DIR, uploads_purge

__all__ = [
    "ACTION_LABELS",
    "CSV",
    "EXCEL_ERRORS",
    "FORMULA",
    "HEADER_SCAN_ROWS",
    "ID_NUMBER_NAMES",
    "ORGANIZATION_HELP",
    "ORGANIZATION_NAMES",
    "PERSON_NAME_NAMES",
    "PHONE_NAMES",
    "PREVIEW_ROWS",
    "REPORT_PROGRESS_ROWS",
    "SAMPLE_MARK",
    "UPLOAD_DIR",
    "XLS",
    "XLSX",
    "Column",
    "Header",
    "ImportContext",
    "ImportFileError",
    "ImportReport",
    "Importer",
    "Item",
    "ProgressFn",
    "RowError",
    "Table",
    "cell_text",
    "check_upload",
    "choice_labels",
    "error_report",
    "find_header",
    "fold",
    "get_importer",
    "header_key",
    "id_number_column",
    "import_confirm",
    "import_error_report",
    "import_upload",
    "importers",
    "insert_rows",
    "is_sample",
    "mask_text",
    "organization_column",
    "parse_date",
    "person_name_column",
    "phone_column",
    "read_table",
    "register",
    "run_import",
    "template",
    "uploads_purge",
]
