"""County: approve a new computer's enrolment request (who, which office, the fingerprint).

Opened from the sync page when an imported file is an enrolment request
(``take_enrol_requests``); the core does the work (``sync.enrol``).
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QMessageBox,
    QVBoxLayout,
    QWidget,
)

from ... import i18n
from ...domain.enums import ROLES
from ...queries import org_rows
from ...store import Store
from ...sync import enrol, keys
from ...sync.errors import SyncError


class EnrolDialog(QDialog):
    """Shows one request; 批准 enters the key in the keyring, linked to the chosen person or station."""

    def __init__(self, store: Store, request: enrol.Request, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("EnrolDialog")
        self.store = store
        self.request = request
        self.approved: keys.KeyInfo | None = None
        layout = QVBoxLayout(self)
        self.intro = QLabel(self)
        self.intro.setWordWrap(True)
        layout.addWidget(self.intro)
        form = QFormLayout()
        lang = i18n.get_language()
        self.who = QLabel(
            f"{request.name}（{ROLES.label(request.role, lang)}）"
            if lang == "zh_CN"
            else f"{request.name} ({ROLES.label(request.role, lang)})",
            self,
        )
        from ...node import division_name

        office = division_name(request.org_code) or request.org_name or request.org_code or "—"
        self.office = QLabel(office, self)
        self.fingerprint = QLabel(request.fingerprint, self)
        self.fingerprint.setObjectName("fingerprint")
        self.fingerprint.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.fingerprint.setStyleSheet(
            "font-family: monospace; font-size: 14pt; font-weight: bold;"
        )
        self.who_label, self.office_label, self.fp_label = QLabel(self), QLabel(self), QLabel(self)
        form.addRow(self.who_label, self.who)
        form.addRow(self.office_label, self.office)
        form.addRow(self.fp_label, self.fingerprint)
        self.link_label = QLabel(self)
        self.link = QComboBox(self)
        self.link.setObjectName("rosterLink")
        self._fill_links()
        form.addRow(self.link_label, self.link)
        layout.addLayout(form)
        self.note = QLabel(self)
        self.note.setWordWrap(True)
        self.note.setObjectName("note")
        layout.addWidget(self.note)
        self.buttons = QDialogButtonBox(self)
        self.approve_button = self.buttons.addButton(
            self.tr("Approve"), QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.approve_button.setObjectName("approve")
        self.cancel_button = self.buttons.addButton(
            self.tr("Cancel"), QDialogButtonBox.ButtonRole.RejectRole
        )
        self.buttons.accepted.connect(self.approve)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        self.link.currentIndexChanged.connect(self._update_button)
        self.retranslate()
        self._update_button()

    def _fill_links(self) -> None:
        request, store = self.request, self.store
        if request.role == "specialist":
            stations = {o["id"]: o["name"] for o in org_rows(store, "township")}
            matches = {r["id"] for r in enrol.specialist_candidates(store, request)}
            people = store.rows("specialist", order_by="name")
            self.link.addItem("—", None)
            for p in people:
                self.link.addItem(
                    f"{p['name']} · {stations.get(p.get('org_id'), '')} · {p.get('phone') or ''}",
                    p["id"],
                )
            if len(matches) == 1:
                self.link.setCurrentIndex(self.link.findData(next(iter(matches))))
        elif request.role == "township":
            self.link.addItem("—", None)
            for o in org_rows(store, "township"):
                self.link.addItem(f"{o['name']} ({o['code']})", o["id"])
            station = enrol.station_for(store, request)
            if station is not None:
                self.link.setCurrentIndex(max(0, self.link.findData(station["id"])))
        else:
            self.link.setVisible(False)
            self.link_label.setVisible(False)

    def _update_button(self) -> None:
        needs_link = self.request.role in ("specialist", "township")
        self.approve_button.setEnabled(not needs_link or self.link.currentData() is not None)

    def retranslate(self) -> None:
        self.setWindowTitle(self.tr("Enrolment request"))
        self.intro.setText(
            self.tr(
                "A new computer asks to join. Phone the person and compare the fingerprint below with "
                "the one their computer shows; approve only if every digit matches."
            )
        )
        self.who_label.setText(self.tr("Who:"))
        self.office_label.setText(self.tr("Office given:"))
        self.fp_label.setText(self.tr("Fingerprint:"))
        self.link_label.setText(
            self.tr("In the roster:")
            if self.request.role == "specialist"
            else self.tr("Township station:")
        )
        self.note.setText(
            self.tr("After approving, export the roster and send it to them: it carries their key.")
        )
        if self.request.replaces:
            boundary = enrol.handover_boundary(self.store, self.request)
            sent = (
                self.tr(
                    "The old key stays valid for the first %1 changes it signed, so those already "
                    "sent and still at a township arrive as usual."
                ).replace("%1", f"{boundary[1]:,}")
                if boundary is not None
                else self.tr(
                    "The request carries no handover signed by the old key: changes signed with it "
                    "that have not arrived here yet will be refused."
                )
            )
            self.note.setText(
                self.tr("This computer replaces its key %1; the old key will be revoked.").replace(
                    "%1", self.request.replaces
                )
                + " "
                + sent
                + "\n"
                + self.note.text()
            )

    def approve(self) -> None:
        link = self.link.currentData()
        try:
            self.approved = enrol.approve(
                self.store,
                self.request,
                specialist_id=link if self.request.role == "specialist" else None,
                org_id=link if self.request.role == "township" else None,
            )
        except SyncError as exc:
            QMessageBox.warning(self, self.tr("Enrolment request"), str(exc))
            return
        self.accept()


def take_enrol_requests(parent: QWidget, store: Store, paths: list[Path]) -> list[Path]:
    """Open each enrolment request among ``paths`` in an ``EnrolDialog``; return the other files.

    Requests are approved, not imported (a request is refused as a sync file).
    """
    title = QCoreApplication.translate("EnrolDialog", "Enrolment request")
    rest: list[Path] = []
    for path in paths:
        if not enrol.is_request(path):
            rest.append(path)
            continue
        try:
            request = enrol.read_request(path)
        except SyncError as exc:
            QMessageBox.warning(parent, title, f"{path.name}: {exc}")
            continue
        if store.node_info().role != "county":
            QMessageBox.information(
                parent,
                title,
                f"{path.name}: {i18n.t('enrol.county_only')}",
                QMessageBox.StandardButton.Ok,
            )
            continue
        dialog = EnrolDialog(store, request, parent)
        if dialog.exec() == QDialog.DialogCode.Accepted and dialog.approved is not None:
            QMessageBox.information(
                parent,
                title,
                i18n.t(
                    "enrol.approved",
                    name=request.name,
                    role=ROLES.label(request.role, i18n.get_language()),
                    fp=request.fingerprint,
                ),
                QMessageBox.StandardButton.Ok,
            )
    return rest
