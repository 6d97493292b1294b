"""Playwright (sync API) against Debian's Chromium and pytest-django's live_server.

Never runs `playwright install`: the browser is /usr/bin/chromium, and every browser test is
skipped with a clear reason when it is missing. The browser fixtures (`browser`, `page`,
`new_page`, `login`, `shot`) and the `E2E` marks live in tests/conftest.py, shared with the
browser tests of each app.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest


@pytest.fixture(autouse=True)
def _e2e_settings(settings: Any, tmp_path: Path) -> None:
    # Uploads of the import pages go to the test's own folder.
    settings.MEDIA_ROOT = tmp_path / "media"
