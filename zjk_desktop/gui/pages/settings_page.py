"""设置: language (applied at once, nothing typed is lost), data folder, PDF font,
automatic daily backup (kept 30 days) and restore from a backup."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import cast

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ... import backup, i18n
from ...store import StoreError, migrations
from ..context import AppContext
from ..tasks import error_text
from ..translations import TRANSLATIONS
from ..widgets import page_heading, scrolling_body

log = logging.getLogger(__name__)


def backup_dir(ctx: AppContext) -> Path | None:
    if ctx.db_path is None:
        return None
    custom = str(ctx.settings.value("backup/folder", "") or "")
    return Path(custom) if custom else backup.backup_folder(ctx.db_path)


def set_language(ctx: AppContext, lang: str) -> None:
    """Switch every window to ``lang`` now (widgets keep their contents) and remember it."""
    TRANSLATIONS.apply(lang)
    ctx.settings.setValue("language", lang)
    ctx.events.language_changed.emit(lang)


class SettingsPage(QWidget):
    restored = Signal(str)  # path of the backup restored

    def __init__(self, ctx: AppContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx = ctx
        body, layout = scrolling_body(self)
        self.heading = page_heading(body)
        layout.addWidget(self.heading)

        # ---- language
        self.lang_box = QGroupBox(body)
        lf = QFormLayout(self.lang_box)
        lf.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.FieldsStayAtSizeHint)
        self.lang_label = QLabel(self.lang_box)
        self.language = QComboBox(self.lang_box)
        self.language.setObjectName("language")
        self.language.setMinimumWidth(200)
        self.language.addItem("简体中文", "zh_CN")
        self.language.addItem("English", "en")
        self.language.setCurrentIndex(self.language.findData(i18n.get_language()))
        self.lang_label.setBuddy(self.language)
        self.language.currentIndexChanged.connect(self._on_language)
        lf.addRow(self.lang_label, self.language)
        layout.addWidget(self.lang_box)

        # ---- this computer: who uses it, its key (issue 10, issue 11 item 8)
        self.identity_box = QGroupBox(body)
        self.identity_box.setObjectName("identityBox")
        idf = QFormLayout(self.identity_box)
        idf.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.FieldsStayAtSizeHint)
        self.role_caption, self.role_value = QLabel(self.identity_box), QLabel(self.identity_box)
        self.name_caption = QLabel(self.identity_box)
        self.name_edit = QLineEdit(self.identity_box)
        self.name_edit.setObjectName("identityName")
        self.name_edit.setMaxLength(50)
        self.name_edit.setMinimumWidth(260)
        self.name_caption.setBuddy(self.name_edit)
        self.link_caption = QLabel(self.identity_box)
        self.link_combo = QComboBox(self.identity_box)
        self.link_combo.setObjectName("identityLink")
        self.link_combo.setMinimumWidth(360)
        self.link_caption.setBuddy(self.link_combo)
        self.identity_save = QPushButton(self.identity_box)
        self.identity_save.setObjectName("identitySave")
        self.identity_save.clicked.connect(self.save_identity)
        self.fp_caption, self.fp_value = QLabel(self.identity_box), QLabel(self.identity_box)
        self.fp_value.setObjectName("fingerprint")
        self.fp_value.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.fp_value.setStyleSheet("font-family: monospace; font-weight: bold;")
        self.key_where = QLabel(self.identity_box)
        self.key_where.setObjectName("keyFolder")
        self.key_where.setWordWrap(True)
        self.key_where.setMinimumWidth(520)
        self.key_where.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        key_buttons = QHBoxLayout()
        self.request_button = QPushButton(self.identity_box)
        self.request_button.setObjectName("saveRequest")
        self.request_button.clicked.connect(lambda: self.save_request())
        self.key_backup_button = QPushButton(self.identity_box)
        self.key_backup_button.setObjectName("keyBackup")
        self.key_backup_button.clicked.connect(self.backup_keys)
        self.key_restore_button = QPushButton(self.identity_box)
        self.key_restore_button.setObjectName("keyRestore")
        self.key_restore_button.clicked.connect(self.restore_keys)
        self.rekey_button = QPushButton(self.identity_box)
        self.rekey_button.setObjectName("rekey")
        self.rekey_button.clicked.connect(self.rekey)
        for button in (
            self.request_button,
            self.key_backup_button,
            self.key_restore_button,
            self.rekey_button,
        ):
            key_buttons.addWidget(button)
        key_buttons.addStretch(1)
        idf.addRow(self.role_caption, self.role_value)
        idf.addRow(self.name_caption, self.name_edit)
        idf.addRow(self.link_caption, self.link_combo)
        idf.addRow("", self.identity_save)
        idf.addRow(self.fp_caption, self.fp_value)
        idf.addRow("", self.key_where)
        idf.addRow("", key_buttons)
        layout.addWidget(self.identity_box)

        # ---- data folder
        self.data_box = QGroupBox(body)
        df = QFormLayout(self.data_box)
        df.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.FieldsStayAtSizeHint)
        self.db_caption = QLabel(self.data_box)
        self.db_value = QLineEdit(self.data_box)
        self.db_value.setObjectName("databasePath")
        self.db_value.setReadOnly(True)
        self.db_value.setMinimumWidth(520)
        self.folder_button = QPushButton(self.data_box)
        self.folder_button.setObjectName("dataFolderButton")
        self.folder_button.clicked.connect(self.choose_data_folder)
        self.folder_note = QLabel(self.data_box)
        self.folder_note.setWordWrap(True)
        df.addRow(self.db_caption, self.db_value)
        df.addRow("", self.folder_button)
        df.addRow("", self.folder_note)
        layout.addWidget(self.data_box)

        # ---- PDF font
        self.font_box = QGroupBox(body)
        ff = QFormLayout(self.font_box)
        ff.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.FieldsStayAtSizeHint)
        self.font_caption = QLabel(self.font_box)
        self.font_value = QLabel(self.font_box)
        self.font_value.setObjectName("fontValue")
        self.font_value.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        row = QHBoxLayout()
        self.font_button = QPushButton(self.font_box)
        self.font_button.setObjectName("fontButton")
        self.font_button.clicked.connect(self.choose_font)
        self.font_auto = QPushButton(self.font_box)
        self.font_auto.setObjectName("fontAuto")
        self.font_auto.clicked.connect(self.automatic_font)
        row.addWidget(self.font_button)
        row.addWidget(self.font_auto)
        row.addStretch(1)
        ff.addRow(self.font_caption, self.font_value)
        ff.addRow("", row)
        layout.addWidget(self.font_box)

        # ---- backup
        self.backup_box = QGroupBox(body)
        bl = QVBoxLayout(self.backup_box)
        self.daily = QCheckBox(self.backup_box)
        self.daily.setObjectName("dailyBackup")
        self.daily.setChecked(str(ctx.settings.value("backup/daily", "true")) == "true")
        self.daily.toggled.connect(
            lambda on: ctx.settings.setValue("backup/daily", "true" if on else "false")
        )
        self.backup_where = QLabel(self.backup_box)
        self.backup_where.setWordWrap(True)
        self.backup_where.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.backups = QTreeWidget(self.backup_box)
        self.backups.setObjectName("backups")
        self.backups.setRootIsDecorated(False)
        self.backups.setMinimumHeight(160)
        buttons = QHBoxLayout()
        self.backup_now_button = QPushButton(self.backup_box)
        self.backup_now_button.setObjectName("backupNow")
        self.backup_now_button.clicked.connect(self.backup_now)
        self.restore_button = QPushButton(self.backup_box)
        self.restore_button.setObjectName("restoreButton")
        self.restore_button.clicked.connect(self.restore_selected)
        self.restore_file_button = QPushButton(self.backup_box)
        self.restore_file_button.clicked.connect(self.restore_from_file)
        buttons.addWidget(self.backup_now_button)
        buttons.addWidget(self.restore_button)
        buttons.addWidget(self.restore_file_button)
        buttons.addStretch(1)
        bl.addWidget(self.daily)
        bl.addWidget(self.backup_where)
        bl.addWidget(self.backups)
        bl.addLayout(buttons)
        layout.addWidget(self.backup_box)
        self.message = QLabel(body)
        self.message.setObjectName("settingsMessage")
        self.message.setWordWrap(True)
        layout.addWidget(self.message)
        layout.addStretch(1)

        no_file = ctx.demo or ctx.db_path is None
        for widget in (
            self.folder_button,
            self.daily,
            self.backup_now_button,
            self.restore_button,
            self.restore_file_button,
            self.identity_save,
            self.request_button,
            self.key_backup_button,
            self.key_restore_button,
            self.rekey_button,
        ):
            widget.setEnabled(not no_file)
        ctx.events.language_changed.connect(self.retranslate)
        self.retranslate()

    # ------------------------------------------------------------ display
    def retranslate(self, _lang: str = "") -> None:
        self.heading.setText(self.tr("Settings"))
        self.lang_box.setTitle(self.tr("Language"))
        self.lang_label.setText(self.tr("&Language of the program:"))
        self.language.blockSignals(True)
        self.language.setCurrentIndex(self.language.findData(i18n.get_language()))
        self.language.blockSignals(False)
        self.identity_box.setTitle(self.tr("This computer"))
        self.role_caption.setText(self.tr("Role:"))
        self.name_caption.setText(self.tr("&Name:"))
        self.identity_save.setText(self.tr("Save name and organisation"))
        self.fp_caption.setText(self.tr("Key fingerprint:"))
        self.request_button.setText(self.tr("Save enrolment request…"))
        self.key_backup_button.setText(self.tr("Back up keys…"))
        self.key_restore_button.setText(self.tr("Restore key backup…"))
        self.rekey_button.setText(self.tr("New key…"))
        self.data_box.setTitle(self.tr("Data"))
        self.db_caption.setText(self.tr("Database:"))
        self.folder_button.setText(self.tr("Move data to another folder…"))
        self.folder_note.setText(
            self.tr("Demo data is a temporary copy and is deleted when the program closes.")
            if self.ctx.demo
            else ""
        )
        self.font_box.setTitle(self.tr("Font for PDF reports"))
        self.font_caption.setText(self.tr("Font:"))
        self.font_button.setText(self.tr("Choose font file…"))
        self.font_auto.setText(self.tr("Automatic"))
        self.backup_box.setTitle(self.tr("Backup"))
        self.daily.setText(
            self.tr("Back up the database automatically every day (kept for 30 days)")
        )
        self.backups.setHeaderLabels([self.tr("Backup"), self.tr("Date"), self.tr("Size")])
        self.backup_now_button.setText(self.tr("Back up now"))
        self.restore_button.setText(self.tr("Restore selected backup…"))
        self.restore_file_button.setText(self.tr("Restore from file…"))
        self.refresh()

    def refresh_identity(self) -> None:
        from ...domain.enums import ROLES
        from ...node import org_choices
        from ..dialogs.wizard import node_fingerprint

        store = self.ctx.store
        node = store.node_info()
        self.role_value.setText(ROLES.label(node.role, i18n.get_language()) if node.role else "—")
        self.name_edit.setText(node.actor)
        role = node.role or "specialist"
        self.link_caption.setText(
            self.tr("&You in the roster:")
            if role == "specialist"
            else self.tr("&Township station:")
            if role == "township"
            else self.tr("&County:")
        )
        self.link_combo.clear()
        choices = [(c, label) for c, label in org_choices(store, role) if "org_code" not in c]
        if role == "specialist":
            self.link_combo.addItem(self.tr("(not linked yet)"), {})
        for choice, label in choices:
            self.link_combo.addItem(label, choice)
        current = 0 if role == "specialist" else -1
        for i in range(self.link_combo.count()):
            data = self.link_combo.itemData(i) or {}
            if (
                role == "specialist"
                and data.get("specialist_id") == node.specialist_id
                and node.specialist_id
            ) or (role != "specialist" and data.get("org_id") == node.org_id and node.org_id):
                current = i
        self.link_combo.setCurrentIndex(current)
        fp = node_fingerprint(store) if node.role else ""
        self.fp_value.setText(fp or "—")
        self.request_button.setVisible(role != "county")
        if store.path is not None:
            from ...sync import keys

            problem = keys.key_problem(store) if node.role else None
            self.key_where.setStyleSheet("color: #b00020;" if problem else "")
            self.key_where.setText(
                problem
                or self.tr(
                    "The keys are in %1, beside the database: back them up, and keep them with "
                    "the database when you move it."
                ).replace("%1", str(keys.key_dir(store)))
            )
        else:
            self.key_where.setText("")

    def refresh(self) -> None:
        self.refresh_identity()
        self.db_value.setText(str(self.ctx.db_path) if self.ctx.db_path else self.tr("(in memory)"))
        chosen = str(self.ctx.settings.value("reports/font", "") or "")
        if chosen:
            self.font_value.setText(chosen)
        else:
            self.font_value.setText(self.tr("Automatic: %1").replace("%1", self._automatic_font()))
        folder = backup_dir(self.ctx)
        self.backups.clear()
        if folder is None or self.ctx.demo:
            self.backup_where.setText(self.tr("Demo data is not backed up."))
            return
        self.backup_where.setText(self.tr("Backups are kept in %1").replace("%1", str(folder)))
        for info in backup.list_backups(folder):
            item = QTreeWidgetItem(
                [info.path.name, info.day.isoformat(), f"{info.size / 1_000_000:.1f} MB"]
            )
            item.setData(0, Qt.ItemDataRole.UserRole, str(info.path))
            self.backups.addTopLevelItem(item)
        self.backups.header().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)

    def _automatic_font(self) -> str:
        try:
            from ...reports.fonts import resolve_font

            choice = resolve_font(None)
        except Exception as exc:  # noqa: BLE001 - shown as the font line
            return error_text(exc)
        from ...reports.fonts import known_font_name

        name = known_font_name(choice.name, i18n.get_language()) or (
            Path(choice.path).name if choice.path else choice.name
        )
        return name if choice.embedded else self.tr("%1 (not embedded)").replace("%1", name)

    def _say(self, text: str) -> None:
        self.message.setText(text)

    # ----------------------------------------------------------- language
    def _on_language(self) -> None:
        set_language(self.ctx, self.language.currentData())

    # ------------------------------------------------------- this computer
    def save_identity(self) -> None:
        from ...node import update_identity

        choice = self.link_combo.currentData() or {}
        node = self.ctx.store.node_info()
        try:
            update_identity(
                self.ctx.store,
                actor=self.name_edit.text(),
                org_id=choice.get("org_id")
                if choice
                else (None if node.role == "specialist" else node.org_id),
                specialist_id=choice.get("specialist_id"),
            )
        except StoreError as exc:
            QMessageBox.warning(self, self.tr("This computer"), str(exc))
            self.refresh_identity()
            return
        self._say(
            self.tr("Saved: this computer is used by %1.").replace(
                "%1", self.name_edit.text().strip()
            )
        )
        self.ctx.events.status_changed.emit()
        self.refresh_identity()

    def save_request(self, replaces: str | None = None) -> bool:
        from ...sync import enrol
        from ...sync.errors import SyncError

        store = self.ctx.store
        folder = str(self.ctx.settings.value("sync/folder", "") or Path.home())
        path, _ = QFileDialog.getSaveFileName(
            self,
            self.tr("Save enrolment request"),
            str(Path(folder) / enrol.default_file_name(store)),
            self.tr("Enrolment request (*.zjkpkg)"),
        )
        if not path:
            return False
        try:
            enrol.write_request(store, Path(path), replaces=replaces or None)
        except (SyncError, OSError) as exc:
            QMessageBox.warning(self, self.tr("Save enrolment request"), error_text(exc))
            return False
        self._say(
            self.tr(
                "Enrolment request saved: %1. Send it to the county team and read out the "
                "fingerprint on the phone."
            ).replace("%1", path)
        )
        return True

    def _passphrase(self, title: str, label: str) -> str | None:
        text, ok = QInputDialog.getText(self, title, label, QLineEdit.EchoMode.Password)
        return text if ok and text else None

    def backup_keys(self) -> None:
        from ...sync import keys
        from ...sync.errors import SyncError

        title = self.tr("Back up keys")
        path, _ = QFileDialog.getSaveFileName(
            self, title, str(Path.home() / "zjk-keys.age"), self.tr("Key backups (*.age)")
        )
        if not path:
            return
        first = self._passphrase(title, self.tr("Passphrase for the backup:"))
        if first is None:
            return
        if self._passphrase(title, self.tr("The same passphrase again:")) != first:
            QMessageBox.warning(
                self, title, self.tr("The two passphrases differ; nothing was saved.")
            )
            return
        try:
            keys.backup_keys(self.ctx.store, Path(path), first)
        except (SyncError, OSError) as exc:
            QMessageBox.warning(self, title, error_text(exc))
            return
        self._say(
            self.tr(
                "Keys backed up to %1. Keep it apart from the database backup and remember "
                "the passphrase."
            ).replace("%1", path)
        )

    def restore_keys(self) -> None:
        from ...sync import keys
        from ...sync.errors import SyncError

        title = self.tr("Restore key backup")
        path, _ = QFileDialog.getOpenFileName(
            self, title, str(Path.home()), self.tr("Key backups (*.age)")
        )
        if not path:
            return
        passphrase = self._passphrase(title, self.tr("Passphrase of the backup:"))
        if passphrase is None:
            return
        try:
            fp = keys.restore_keys(self.ctx.store, Path(path), passphrase)
        except (SyncError, OSError) as exc:
            QMessageBox.warning(self, title, error_text(exc))
            return
        self._say(self.tr("Keys restored (fingerprint %1).").replace("%1", fp))
        self.ctx.events.status_changed.emit()
        self.refresh_identity()

    def rekey(self) -> None:
        from ...sync import keys

        title = self.tr("New key")
        answer = QMessageBox.question(
            self,
            title,
            self.tr(
                "Make a new key for this computer? Use this only if the key was lost or may be known to "
                "someone else. Until the county team approves the new key, other offices refuse files "
                "from this computer. Next you save the enrolment request for the county."
            ),
        )
        if answer != QMessageBox.StandardButton.Yes:
            return
        old = self.ctx.store.get_meta(keys.META_PUBLIC_KEY)
        keys.rekey(self.ctx.store)
        self.refresh_identity()
        self.save_request(replaces=keys.fingerprint_of(old) if old else None)

    # ---------------------------------------------------------------- data
    def choose_data_folder(self) -> None:
        if self.ctx.db_path is None:
            return
        folder = QFileDialog.getExistingDirectory(
            self, self.tr("Data folder"), str(self.ctx.db_path.parent)
        )
        if not folder:
            return
        target = Path(folder) / "zjk.sqlite3"
        if target.resolve() == Path(self.ctx.db_path).resolve():
            return
        try:
            if target.exists():
                answer = QMessageBox.question(
                    self,
                    self.tr("Data folder"),
                    self.tr(
                        "%1 already holds a database. Use that database from the next start?"
                    ).replace("%1", folder),
                )
                if answer != QMessageBox.StandardButton.Yes:
                    return
            else:
                backup.copy_database(Path(self.ctx.db_path), target)
                from ...sync import keys

                keys.copy_key_files(self.ctx.store, Path(folder))  # the keys travel with the data
        except StoreError as exc:
            QMessageBox.warning(self, self.tr("Data folder"), str(exc))
            return
        self.ctx.settings.setValue("data/folder", folder)
        self._say(
            self.tr(
                "From the next start the program uses %1. The old file stays where it was."
            ).replace("%1", str(target))
        )

    # ---------------------------------------------------------------- font
    def choose_font(self) -> None:
        path, _ = QFileDialog.getOpenFileName(
            self, self.tr("Font for PDF reports"), "", self.tr("TrueType fonts (*.ttf *.ttc)")
        )
        if not path:
            return
        try:
            from ...reports.fonts import resolve_font

            resolve_font(path)
        except Exception as exc:  # noqa: BLE001 - FontError carries the translated reason
            QMessageBox.warning(self, self.tr("Font for PDF reports"), error_text(exc))
            return
        self.ctx.settings.setValue("reports/font", path)
        self.refresh()

    def automatic_font(self) -> None:
        self.ctx.settings.remove("reports/font")
        self.refresh()

    # -------------------------------------------------------------- backup
    def backup_now(self) -> None:
        folder = backup_dir(self.ctx)
        if folder is None:
            return

        def job(store, progress, should_cancel):
            return backup.backup_now(Path(store.path), folder)

        def done(path, error):
            if error is None:
                self._say(self.tr("Backup saved: %1").replace("%1", str(path)))
                self.refresh()
            return False

        self.ctx.tasks.run(job, done, title=self.tr("Backing up…"), parent=self, cancellable=False)

    def restore_selected(self) -> None:
        # PySide6's stub says QTreeWidgetItem, but Qt returns None when nothing is selected.
        item = cast("QTreeWidgetItem | None", self.backups.currentItem())
        if item is None:
            QMessageBox.information(
                self,
                self.tr("Restore"),
                self.tr("Select a backup in the list."),
                QMessageBox.StandardButton.Ok,
            )
            return
        self.restore(Path(item.data(0, Qt.ItemDataRole.UserRole)))

    def restore_from_file(self) -> None:
        folder = backup_dir(self.ctx)
        path, _ = QFileDialog.getOpenFileName(
            self, self.tr("Restore"), str(folder or ""), self.tr("Database backups (*.sqlite3)")
        )
        if path:
            self.restore(Path(path))

    def restore(self, source: Path) -> bool:
        """Replace the data by ``source`` after confirmation; the current data is kept aside."""
        if self.ctx.db_path is None or self.ctx.demo:
            return False
        try:
            backup.check_backup(source)
        except StoreError as exc:
            QMessageBox.warning(self, self.tr("Restore"), str(exc))
            return False
        answer = QMessageBox.question(
            self,
            self.tr("Restore"),
            self.tr(
                "Replace all data on this computer by the backup %1?\n\nThe current data is "
                "first saved beside the database, so this can be undone."
            ).replace("%1", source.name),
        )
        if answer != QMessageBox.StandardButton.Yes:
            return False
        try:
            safety = backup.restore_backup(source, Path(self.ctx.db_path))
            migrations.migrate(self.ctx.store.db, Path(self.ctx.db_path))
        except StoreError as exc:
            QMessageBox.warning(self, self.tr("Restore"), str(exc))
            return False
        self._say(
            self.tr("Restored %1. The data before the restore was saved as %2.")
            .replace("%1", source.name)
            .replace("%2", str(safety))
        )
        events = self.ctx.events
        events.records_changed.emit("")
        events.roster_changed.emit()
        events.sync_done.emit()
        events.status_changed.emit()
        self.restored.emit(str(source))
        self.refresh()
        return True
