"""First run: who uses this computer (role, name, organisation), or try the demo.

Pages: language + "set up / try the demo" → role and name → organisation from the
roster (a roster file can be imported here) → the node identity is created and its
key fingerprint shown (read aloud to the county when it registers this computer).
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
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWizard,
    QWizardPage,
)

from .. import i18n
from ..domain.enums import ROLES
from ..node import init_node
from ..store import Store, StoreError
from .translations import TRANSLATIONS

log = logging.getLogger(__name__)

PAGE_INTRO, PAGE_ROLE, PAGE_ORG, PAGE_DONE = range(4)


def node_fingerprint(store: Store) -> str:
    """This node's key fingerprint as people read it aloud ("" if keys are unavailable)."""
    try:
        from .. import sync

        func = getattr(sync, "fingerprint", None)
        if func is None:
            from ..sync.keys import fingerprint as func
        return str(func(store))
    except Exception as exc:  # noqa: BLE001 - no key yet (demo, not set up): shown as such
        log.info("no key fingerprint: %s", exc)
        return ""


def org_choices(store: Store, role: str) -> list[tuple[str, str]]:
    """(id, label) of what a person in ``role`` can pick as their organisation."""
    if role == "specialist":
        stations = {o["id"]: o["name"] for o in store.rows("org_unit", "level = 'township'")}
        return [
            (
                s["id"],
                f"{s['name']} · {stations.get(s.get('org_id'), '')} · {s.get('employer') or ''}".rstrip(
                    " ·"
                ),
            )
            for s in store.rows("specialist", order_by="name")
        ]
    level = "township" if role == "township" else "county"
    parents = {o["id"]: o["name"] for o in store.rows("org_unit", "level IN ('county', 'city')")}
    out = []
    for org in store.rows("org_unit", "level = ?", (level,), order_by="code"):
        parent = parents.get(org.get("parent_id") or "", "")
        label = f"{org['name']} ({org['code']})"
        if level == "township" and parent:
            label = f"{parent} · {label}"
        out.append((org["id"], label))
    return out


class IntroPage(QWizardPage):
    def __init__(self, wizard: "FirstRunWizard"):
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

    def nextId(self) -> int:  # noqa: N802
        return -1 if self.demo.isChecked() else PAGE_ROLE


class RolePage(QWizardPage):
    def __init__(self, wizard: "FirstRunWizard"):
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

    def isComplete(self) -> bool:  # noqa: N802
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
    def __init__(self, wizard: "FirstRunWizard"):
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
        self.org.setInsertPolicy(QComboBox.NoInsert)
        self.org.completer().setFilterMode(Qt.MatchContains)
        self.org.completer().setCompletionMode(self.org.completer().CompletionMode.PopupCompletion)
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
        self.result.setTextInteractionFlags(Qt.TextSelectableByMouse)
        layout.addWidget(self.result)
        layout.addStretch(1)
        self.org.currentIndexChanged.connect(self.completeChanged)
        self.org.editTextChanged.connect(self.completeChanged)

    def initializePage(self) -> None:  # noqa: N802
        self.fill()

    def fill(self) -> None:
        role = self.owner.role_page.role()
        self.org.clear()
        for org_id, label in org_choices(self.owner.store, role):
            self.org.addItem(label, org_id)
        self.org.setCurrentIndex(0 if self.org.count() else -1)
        self.retranslate()
        self.completeChanged.emit()

    def selected(self) -> str | None:
        index = self.org.findText(self.org.currentText())
        if index < 0:
            return None
        return self.org.itemData(index)

    def isComplete(self) -> bool:  # noqa: N802
        return self.selected() is not None

    def import_roster(self) -> None:
        path, _filter = QFileDialog.getOpenFileName(
            self,
            self.tr("Import roster"),
            str(Path.home()),
            self.tr("Roster (*.xlsx *.csv)"),
        )
        if not path:
            return
        from ..roster import import_roster

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

    def retranslate(self) -> None:
        role = self.owner.role_page.role()
        self.setTitle(self.tr("Your organisation"))
        if role == "specialist":
            self.org_label.setText(self.tr("&You in the roster:"))
            text = self.tr("Pick yourself from the county's roster of specialists.")
        elif role == "township":
            self.org_label.setText(self.tr("&Township station:"))
            text = self.tr("Pick your township service station.")
        else:
            self.org_label.setText(self.tr("&County:"))
            text = self.tr("Pick your county.")
        if self.org.count() == 0:
            text += " " + self.tr(
                "The roster is empty: import the roster file (.xlsx or .csv) the county sent you."
            )
        self.explain.setText(text)
        self.import_button.setText(self.tr("Import roster file…"))


class DonePage(QWizardPage):
    def __init__(self, wizard: "FirstRunWizard"):
        super().__init__(wizard)
        self.owner = wizard
        layout = QVBoxLayout(self)
        self.summary = QLabel(self)
        self.summary.setObjectName("identitySummary")
        self.summary.setWordWrap(True)
        self.summary.setTextInteractionFlags(Qt.TextSelectableByMouse)
        layout.addWidget(self.summary)
        self.fingerprint = QLabel(self)
        self.fingerprint.setObjectName("fingerprint")
        self.fingerprint.setTextInteractionFlags(Qt.TextSelectableByMouse)
        self.fingerprint.setStyleSheet(
            "font-family: monospace; font-size: 14pt; font-weight: bold;"
        )
        layout.addWidget(self.fingerprint)
        self.explain = QLabel(self)
        self.explain.setWordWrap(True)
        layout.addWidget(self.explain)
        layout.addStretch(1)
        self.error: str | None = None
        self.info: dict | None = None

    def initializePage(self) -> None:  # noqa: N802
        wizard = self.owner
        role = wizard.role_page.role()
        chosen = wizard.org_page.selected()
        org_id = specialist_id = None
        if role == "specialist":
            specialist_id = chosen
            person = wizard.store.get("specialist", chosen) if chosen else None
            org_id = (person or {}).get("org_id")
        else:
            org_id = chosen
        self.error = None
        try:
            self.info = init_node(
                wizard.store,
                role=role,
                actor=wizard.role_page.name.text().strip(),
                org_id=org_id,
                specialist_id=specialist_id,
            )
        except StoreError as exc:
            self.error = str(exc)
            self.info = None
        self.retranslate()
        self.completeChanged.emit()

    def isComplete(self) -> bool:  # noqa: N802
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
        self.summary.setText(
            self.tr("%1, %2. This computer's node id is %3.")
            .replace("%1", self.info["actor"] or "")
            .replace("%2", ROLES.label(self.info["role"], lang))
            .replace("%3", self.info["node_id"])
        )
        fp = node_fingerprint(self.owner.store)
        self.fingerprint.setText(fp)
        self.explain.setText(
            self.tr(
                "Read this key fingerprint to the county team when they register this computer; "
                "files you send are signed with this key."
            )
            if fp
            else ""
        )


class FirstRunWizard(QWizard):
    """Shown when the database has no identity yet."""

    def __init__(self, store: Store, settings: QSettings, parent=None):
        super().__init__(parent)
        self.store = store
        self.settings = settings
        self.setObjectName("FirstRunWizard")
        self.setWizardStyle(QWizard.ModernStyle)
        self.setOption(QWizard.NoBackButtonOnLastPage, True)
        self.setOption(QWizard.NoCancelButtonOnLastPage, True)  # the identity exists by then
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
            (QWizard.NextButton, self.tr("&Next >")),
            (QWizard.BackButton, self.tr("< &Back")),
            (QWizard.FinishButton, self.tr("&Finish")),
            (QWizard.CancelButton, self.tr("Cancel")),
        ):
            self.setButtonText(which, text)
