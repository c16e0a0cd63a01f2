"""First run: who uses this computer (role, name, organisation), or try the demo.

Pages: language + "set up / try the demo" → role and name → organisation: from the
roster if there is one (a roster sheet .xlsx/.csv, or the county's roster package
.zjkpkg whose key is trusted only after its fingerprint is shown), otherwise the
county from the division table → the node identity is created, its key
fingerprint shown, and a township or specialist computer saves its enrolment
request for the county (the three steps of enrolment, see ``sync.enrol``).
"""

from __future__ import annotations

import logging
from pathlib import Path

from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWizard,
    QWizardPage,
)

from ... import i18n
from ...domain.enums import ROLES
from ...node import has_roster, init_node, matching_specialist, org_choices
from ...store import Store, StoreError
from ...sync.errors import SyncError
from ..translations import TRANSLATIONS

log = logging.getLogger(__name__)

PAGE_INTRO, PAGE_ROLE, PAGE_ORG, PAGE_DONE = range(4)


def node_fingerprint(store: Store) -> str:
    """This node's key fingerprint as people read it aloud ("" if keys are unavailable)."""
    from ...sync.errors import SyncError
    from ...sync.keys import fingerprint

    try:
        return fingerprint(store)
    except SyncError as exc:  # no key yet (demo, not set up): shown as such
        log.info("no key fingerprint: %s", exc)
        return ""


class IntroPage(QWizardPage):
    def __init__(self, wizard: FirstRunWizard):
        super().__init__(wizard)
        self.owner = wizard
        layout = QVBoxLayout(self)
        self.welcome = QLabel(self)
        self.welcome.setWordWrap(True)
        layout.addWidget(self.welcome)
        row = QHBoxLayout()
        self.lang_label = QLabel(self)
        self.language = QComboBox(self)
        self.language.setObjectName("language")
        self.language.addItem("简体中文", "zh_CN")
        self.language.addItem("English", "en")
        self.language.setCurrentIndex(0 if i18n.get_language() == "zh_CN" else 1)
        self.language.currentIndexChanged.connect(self._on_language)
        self.lang_label.setBuddy(self.language)
        row.addWidget(self.lang_label)
        row.addWidget(self.language)
        row.addStretch(1)
        layout.addLayout(row)
        layout.addSpacing(12)
        self.setup = QRadioButton(self)
        self.setup.setObjectName("setUp")
        self.demo = QRadioButton(self)
        self.demo.setObjectName("tryDemo")
        self.setup.setChecked(True)
        layout.addWidget(self.setup)
        layout.addWidget(self.demo)
        layout.addStretch(1)

    def _on_language(self) -> None:
        lang = self.language.currentData()
        TRANSLATIONS.apply(lang)
        self.owner.settings.setValue("language", lang)
        self.owner.retranslate()

    def retranslate(self) -> None:
        self.setTitle(self.tr("Welcome"))
        self.welcome.setText(
            self.tr(
                "This program records the work of science and technology specialists in villages: "
                "visits, technology extension and trainings. Data moves between specialists, township "
                "stations and the county team as files."
            )
        )
        self.lang_label.setText(self.tr("&Language:"))
        self.setup.setText(self.tr("Set up this computer for my work"))
        self.demo.setText(self.tr("Just look around with demo data (nothing is saved)"))

    def nextId(self) -> int:
        return -1 if self.demo.isChecked() else PAGE_ROLE


class RolePage(QWizardPage):
    def __init__(self, wizard: FirstRunWizard):
        super().__init__(wizard)
        layout = QVBoxLayout(self)
        self.roles = QButtonGroup(self)
        self.buttons: dict[str, QRadioButton] = {}
        for i, code in enumerate(ROLES.codes()):
            button = QRadioButton(self)
            button.setObjectName(f"role_{code}")
            self.roles.addButton(button, i)
            self.buttons[code] = button
            layout.addWidget(button)
        self.buttons["specialist"].setChecked(True)
        self.hint = QLabel(self)
        self.hint.setWordWrap(True)
        self.hint.setStyleSheet("color: palette(dark);")
        layout.addWidget(self.hint)
        form = QFormLayout()
        self.name_label = QLabel(self)
        self.name = QLineEdit(self)
        self.name.setObjectName("name")
        self.name.setMaxLength(50)
        self.name_label.setBuddy(self.name)
        form.addRow(self.name_label, self.name)
        layout.addSpacing(8)
        layout.addLayout(form)
        layout.addStretch(1)
        self.name.textChanged.connect(self.completeChanged)

    def role(self) -> str:
        for code, button in self.buttons.items():
            if button.isChecked():
                return code
        return "specialist"

    def isComplete(self) -> bool:
        return bool(self.name.text().strip())

    def retranslate(self) -> None:
        lang = i18n.get_language()
        self.setTitle(self.tr("Your role"))
        for code, button in self.buttons.items():
            button.setText(ROLES.label(code, lang))
        self.hint.setText(
            self.tr(
                "Specialists record their own work; township stations review it and report upward; "
                "the county team keeps the roster of villages and specialists."
            )
        )
        self.name_label.setText(self.tr("Your &name:"))
        self.name.setPlaceholderText(self.tr("e.g. Wang Jianguo"))


class OrgPage(QWizardPage):
    def __init__(self, wizard: FirstRunWizard):
        super().__init__(wizard)
        self.owner = wizard
        layout = QVBoxLayout(self)
        self.explain = QLabel(self)
        self.explain.setWordWrap(True)
        layout.addWidget(self.explain)
        form = QFormLayout()
        self.org_label = QLabel(self)
        self.org = QComboBox(self)
        self.org.setObjectName("organisation")
        self.org.setEditable(True)
        self.org.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        completer = self.org.completer()
        assert completer is not None  # an editable combo box has one
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        completer.setCompletionMode(completer.CompletionMode.PopupCompletion)
        self.org_label.setBuddy(self.org)
        form.addRow(self.org_label, self.org)
        layout.addLayout(form)
        row = QHBoxLayout()
        self.import_button = QPushButton(self)
        self.import_button.setObjectName("importRoster")
        self.import_button.clicked.connect(self.import_roster)
        row.addWidget(self.import_button)
        row.addStretch(1)
        layout.addLayout(row)
        self.result = QLabel(self)
        self.result.setObjectName("rosterResult")
        self.result.setWordWrap(True)
        self.result.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(self.result)
        layout.addStretch(1)
        self.org.currentIndexChanged.connect(self.completeChanged)
        self.org.editTextChanged.connect(self.completeChanged)

    def initializePage(self) -> None:
        self.fill()

    def fill(self) -> None:
        role = self.owner.role_page.role()
        store = self.owner.store
        self.org.clear()
        choices = org_choices(store, role)
        has_people = role == "specialist" and bool(choices) and "specialist_id" in choices[0][0]
        if has_people:  # "none": the county links this computer to its roster person on approval
            self.org.addItem(self.tr("(not in the list: the county links me when it approves)"), {})
        for choice, label in choices:
            self.org.addItem(label, choice)
        index = -1
        if has_people:
            match = matching_specialist(store, self.owner.role_page.name.text())
            index = (
                next(
                    (
                        i
                        for i in range(self.org.count())
                        if (self.org.itemData(i) or {}).get("specialist_id") == match
                    ),
                    0,
                )
                if match
                else 0
            )
        elif role == "county" and store.node_info().org_id:
            index = next(
                (
                    i
                    for i in range(self.org.count())
                    if (self.org.itemData(i) or {}).get("org_id") == store.node_info().org_id
                ),
                -1,
            )
        self.org.setCurrentIndex(index)
        self.retranslate()
        self.completeChanged.emit()

    def selected(self) -> dict | None:
        """The chosen ``init_node`` arguments ({} for "not in the list"), None if nothing is chosen."""
        index = self.org.findText(self.org.currentText())
        if index < 0:
            return None
        data = self.org.itemData(index)
        return dict(data) if isinstance(data, dict) else None

    def isComplete(self) -> bool:
        return self.selected() is not None

    def import_roster(self) -> None:
        path, _filter = QFileDialog.getOpenFileName(
            self,
            self.tr("Import roster"),
            str(Path.home()),
            self.tr("Roster (*.zjkpkg *.xlsx *.csv)"),
        )
        if not path:
            return
        if path.lower().endswith(".zjkpkg"):
            self.import_roster_package(Path(path))
            return
        from ...roster import import_roster

        try:
            result = import_roster(self.owner.store, Path(path))
        except (StoreError, OSError, ValueError) as exc:
            self.result.setText(
                self.tr("The roster could not be imported: %1").replace("%1", str(exc))
            )
            return
        lines = [result.summary_line()]
        lines += [p.message() for p in result.problems[:10]]
        if len(result.problems) > 10:
            lines.append(
                self.tr("… and %1 more problems").replace("%1", str(len(result.problems) - 10))
            )
        self.result.setText("\n".join(lines))
        self.fill()

    def ask_trust(self, path: Path, county: str, fingerprint: str) -> bool:
        """The first roster package: trust the county's key only after showing its fingerprint."""
        box = QMessageBox(self)
        box.setObjectName("trustCounty")
        box.setStyleSheet(
            "QLabel#qt_msgbox_label { min-width: 34em; }"
        )  # the fingerprint stays on one line
        box.setIcon(QMessageBox.Icon.Question)
        box.setWindowTitle(self.tr("Trust the county's key?"))
        box.setText(
            self.tr(
                "The roster %1 was signed by the county team %2.\n\nFingerprint: %3\n\n"
                "Phone the county team and compare every digit before you trust this key."
            )
            .replace("%1", path.name)
            .replace("%2", county)
            .replace("%3", fingerprint)
        )
        trust = box.addButton(self.tr("Trust and import"), QMessageBox.ButtonRole.AcceptRole)
        trust.setObjectName("trust")
        box.addButton(self.tr("Do not trust"), QMessageBox.ButtonRole.RejectRole)
        box.setDefaultButton(trust)
        box.exec()
        return box.clickedButton() is trust

    def import_roster_package(self, path: Path) -> None:
        """Import the county's roster ``.zjkpkg`` (signed; its key trusted on first use)."""
        from ...sync import enrol, importer, keys

        store = self.owner.store
        try:
            sender, fp, trusted = enrol.county_sender(store, path)
        except SyncError as exc:
            self.result.setText(
                self.tr("The roster could not be imported: %1").replace("%1", str(exc))
            )
            return
        if not trusted:
            if not self.ask_trust(path, str(sender.get("label") or ""), fp):
                self.result.setText(self.tr("Not imported: the county's key was not trusted."))
                return
            keys.trust(store, sender)
        summary = importer.import_files(store, [path])[0]
        self.result.setText(summary.describe())
        self.fill()

    def retranslate(self) -> None:
        role = self.owner.role_page.role()
        self.setTitle(self.tr("Your organisation"))
        if role == "specialist" and self.owner.store.rows("specialist", limit=1):  # no where-clause
            self.org_label.setText(self.tr("&You in the roster:"))
            text = self.tr("Pick yourself from the county's roster of specialists.")
        elif role == "specialist":
            self.org_label.setText(self.tr("&County:"))
            text = ""
        elif role == "township":
            self.org_label.setText(self.tr("&Township station:"))
            text = self.tr("Pick your township service station.")
        else:
            self.org_label.setText(self.tr("&County:"))
            text = self.tr("Pick your county.")
        if not has_roster(self.owner.store):
            text = self.tr(
                "There is no roster on this computer yet: pick your county, or import the roster file "
                "the county sent you (.zjkpkg, or a sheet .xlsx / .csv)."
            )
        self.explain.setText(text)
        self.import_button.setText(self.tr("Import roster file…"))


class DonePage(QWizardPage):
    def __init__(self, wizard: FirstRunWizard):
        super().__init__(wizard)
        self.owner = wizard
        layout = QVBoxLayout(self)
        self.summary = QLabel(self)
        self.summary.setObjectName("identitySummary")
        self.summary.setWordWrap(True)
        self.summary.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(self.summary)
        self.fingerprint = QLabel(self)
        self.fingerprint.setObjectName("fingerprint")
        self.fingerprint.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.fingerprint.setStyleSheet(
            "font-family: monospace; font-size: 14pt; font-weight: bold;"
        )
        layout.addWidget(self.fingerprint)
        self.explain = QLabel(self)
        self.explain.setWordWrap(True)
        layout.addWidget(self.explain)
        row = QHBoxLayout()
        self.request_button = QPushButton(self)
        self.request_button.setObjectName("saveRequest")
        self.request_button.clicked.connect(self.save_request)
        row.addWidget(self.request_button)
        row.addStretch(1)
        layout.addLayout(row)
        self.request_result = QLabel(self)
        self.request_result.setObjectName("requestResult")
        self.request_result.setWordWrap(True)
        self.request_result.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(self.request_result)
        layout.addStretch(1)
        self.error: str | None = None
        self.info: dict | None = None
        self.request_path: Path | None = None

    def initializePage(self) -> None:
        wizard = self.owner
        role = wizard.role_page.role()
        chosen = wizard.org_page.selected() or {}
        self.error = None
        try:
            self.info = init_node(
                wizard.store,
                role=role,
                actor=wizard.role_page.name.text().strip(),
                org_id=chosen.get("org_id"),
                specialist_id=chosen.get("specialist_id"),
                org_code=chosen.get("org_code"),
            )
        except (StoreError, SyncError) as exc:
            self.error = str(exc)
            self.info = None
        self.retranslate()
        self.completeChanged.emit()

    def save_request(self) -> None:
        """Step 2 of enrolment: the request file the county approves."""
        from ...sync import enrol

        store = self.owner.store
        folder = str(self.owner.settings.value("sync/folder", "") or Path.home())
        path, _filter = QFileDialog.getSaveFileName(
            self,
            self.tr("Save enrolment request"),
            str(Path(folder) / enrol.default_file_name(store)),
            self.tr("Enrolment request (*.zjkpkg)"),
        )
        if not path:
            return
        try:
            enrol.write_request(store, Path(path))
        except (SyncError, OSError) as exc:
            self.request_result.setText(str(exc))
            return
        self.request_path = Path(path)
        self.owner.settings.setValue("sync/folder", str(Path(path).parent))
        self.retranslate()

    def isComplete(self) -> bool:
        return self.info is not None

    def retranslate(self) -> None:
        self.setTitle(self.tr("Ready"))
        if self.error:
            self.summary.setText(
                self.tr("This computer could not be set up: %1").replace("%1", self.error)
            )
            self.fingerprint.setText("")
            self.explain.setText("")
            return
        if self.info is None:
            return
        lang = i18n.get_language()
        store = self.owner.store
        place = (
            store.get("specialist", self.info["specialist_id"] or "")
            or store.get("org_unit", self.info["org_id"] or "")
            or {}
        ).get("name")
        if not place and self.info.get("org_code"):
            from ...node import division_name

            place = division_name(self.info["org_code"])
        self.summary.setText(
            self.tr("%1 · %2 · %3")
            .replace("%1", self.info["actor"] or "")
            .replace("%2", ROLES.label(self.info["role"], lang))
            .replace("%3", place or self.tr("not linked to the roster yet"))
        )
        fp = node_fingerprint(self.owner.store)
        self.fingerprint.setText(fp)
        county = self.info["role"] == "county"
        self.request_button.setVisible(bool(fp) and not county)
        self.request_button.setText(self.tr("Save enrolment request…"))
        if county:
            self.explain.setText(
                self.tr(
                    "Files you send are signed with this key. Next: import your roster sheet on the "
                    "Villages or Specialists page, approve the enrolment requests new computers send you "
                    "(Import on the Sync page), then export the roster and send it to everyone."
                )
            )
        elif fp:
            self.explain.setText(
                self.tr(
                    "Three steps to join:\n1. Save the enrolment request and send it to the county team.\n"
                    "2. Phone them and read out this fingerprint; they approve and send back the roster "
                    "file (.zjkpkg).\n3. Import that file on the Sync page."
                )
            )
        else:
            self.explain.setText("")
        if self.request_path is not None:
            self.request_result.setText(
                self.tr("Enrolment request saved: %1").replace("%1", str(self.request_path))
            )
        else:
            self.request_result.setText("")


class FirstRunWizard(QWizard):
    """Shown when the database has no identity yet."""

    def __init__(self, store: Store, settings: QSettings, parent=None):
        super().__init__(parent)
        self.store = store
        self.settings = settings
        self.setObjectName("FirstRunWizard")
        self.setWizardStyle(QWizard.WizardStyle.ModernStyle)
        self.setOption(QWizard.WizardOption.NoBackButtonOnLastPage, True)
        self.setOption(
            QWizard.WizardOption.NoCancelButtonOnLastPage, True
        )  # the identity exists by then
        self.intro = IntroPage(self)
        self.role_page = RolePage(self)
        self.org_page = OrgPage(self)
        self.done_page = DonePage(self)
        self.setPage(PAGE_INTRO, self.intro)
        self.setPage(PAGE_ROLE, self.role_page)
        self.setPage(PAGE_ORG, self.org_page)
        self.setPage(PAGE_DONE, self.done_page)
        self.setMinimumSize(620, 440)
        self.retranslate()

    def wants_demo(self) -> bool:
        return self.intro.demo.isChecked()

    def retranslate(self) -> None:
        self.setWindowTitle(self.tr("First start"))
        for page in (self.intro, self.role_page, self.org_page, self.done_page):
            page.retranslate()
        # the wizard's own buttons follow Qt's translation of the current language
        for which, text in (
            (QWizard.WizardButton.NextButton, self.tr("&Next >")),
            (QWizard.WizardButton.BackButton, self.tr("< &Back")),
            (QWizard.WizardButton.FinishButton, self.tr("&Finish")),
            (QWizard.WizardButton.CancelButton, self.tr("Cancel")),
        ):
            self.setButtonText(which, text)
