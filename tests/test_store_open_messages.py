"""A database that cannot be opened is named with a reason in the user's language:
SQLite's own English text ("file is not a database") never reaches the user."""

from __future__ import annotations

import re

import pytest

from zjk_desktop import i18n
from zjk_desktop.store import Store, StoreError


@pytest.fixture
def chinese():
    before = i18n.get_language()
    i18n.set_language("zh_CN")
    yield
    i18n.set_language(before)


def test_a_damaged_file_is_named_in_chinese(tmp_path, chinese):
    bad = tmp_path / "记录.sqlite3"
    bad.write_bytes(b"this is a photo, not a database" * 200)
    with pytest.raises(StoreError) as caught:
        Store.open(bad)
    message = str(caught.value)
    assert "它不是本程序的数据库，或文件已损坏" in message and "记录.sqlite3" in message
    assert "\n" not in message
    assert not re.search(r"[A-Za-z]{4,}", message.replace(str(bad), ""))


def test_a_folder_that_cannot_hold_a_database(tmp_path, chinese):
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("x")
    with pytest.raises(StoreError) as caught:
        Store.open(blocker / "db.sqlite3")
    message = str(caught.value).replace(str(blocker), "")
    assert "无法打开数据库" in message
    assert not re.search(r"[A-Za-z]{4,}", message.replace("db.sqlite3", ""))
