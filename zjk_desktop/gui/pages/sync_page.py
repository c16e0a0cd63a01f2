"""同步: export for the next level, roster export (county), import and verify files,
the history of imports and exports, per-peer unsent counts, this node's fingerprint.

All file work runs on the worker thread (``ctx.tasks``) with progress and cancel;
the summaries come from ``zjk_desktop.sync`` already in the user's language.
"""

from __future__ import annotations

import datetime as _dt
import html
import json
import logging
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt, QUrl, Signal
from PySide6.QtGui import QColor, QDesktopServices
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QFileDialog,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMessageBox,
    QPushButton,
    QSplitter,
    QTextEdit,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ... import i18n
from ...domain.enums import ROLES
from ...management.timeliness import DEMO_DIRECTION
from ...queries import bundle_history
from ..context import AppContext
from ..tasks import Cancelled, error_text
from ..widgets import page_heading

log = logging.getLogger(__name__)

HISTORY_LIMIT = 200
UPWARD = {"specialist": ("township", "county"), "township": ("county",), "county": ()}


def export_targets(role: str) -> list[str]:
    """Where this role sends its work: the next level first."""
    return list(UPWARD.get(role, ()))


_UNSAFE_IN_FILE_NAMES = '\\/:*?"<>|\t\n\r'


def safe_file_part(text: str) -> str:
    """Text usable in a file name on Windows and Linux (no path or reserved characters)."""
    cleaned = "".join("_" if ch in _UNSAFE_IN_FILE_NAMES else ch for ch in str(text)).strip(" .")
    return cleaned[:40]


def default_file_name(who: str, what: str, today: _dt.date | None = None) -> str:
    """What a person sees in a folder or a chat: "王建国-发乡镇-2026-11-29.zjkpkg"."""
    day = (today or _dt.date.today()).isoformat()
    parts = [safe_file_part(who), safe_file_part(what), day]
    return "-".join(p for p in parts if p) + ".zjkpkg"


def unused_path(path: Path) -> Path:
    """``path``, or "name-2.zjkpkg", "name-3.zjkpkg" … when a file of that name is there."""
    if not path.exists():
        return path
    for n in range(2, 1000):
        candidate = path.with_name(f"{path.stem}-{n}{path.suffix}")
        if not candidate.exists():
            return candidate
    return path


def load_lists(store) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """Peers with their unsent counts, and the file history (runs on the worker thread)."""
    from ...sync import keys, peer_status

    peers = peer_status(store)
    for peer in peers:  # what a station reports when the county revokes a lost laptop
        peer["held_through"] = keys.held_through(store, peer["node_id"])
    return peers, bundle_history(store, HISTORY_LIMIT)


class SyncPage(QWidget):
    imported = Signal(list)  # the ImportSummary list of the last import (tests, status)
    exported = Signal(object)  # the ExportResult of the last export
    lists_loaded = Signal()  # peers and history are current

    def __init__(self, ctx: AppContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx = ctx
        self.last_summaries: list[Any] = []
        self.peer_rows: list[dict[str, Any]] = []
        self.history_rows: list[dict[str, Any]] = []
        self._loading = False
        self._again = False
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 12, 16, 12)
        self.heading = page_heading(self)
        layout.addWidget(self.heading)

        top = QHBoxLayout()
        # ---- this computer
        self.me_box = QGroupBox(self)
        me = QGridLayout(self.me_box)
        self.node_caption = QLabel(self.me_box)
        self.node_value = QLabel(self.me_box)
        self.node_value.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.fp_caption = QLabel(self.me_box)
        self.fp_value = QLabel(self.me_box)
        self.fp_value.setObjectName("fingerprint")
        self.fp_value.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.fp_value.setStyleSheet("font-family: monospace; font-weight: bold;")
        me.addWidget(self.node_caption, 0, 0)
        me.addWidget(self.node_value, 0, 1)
        me.addWidget(self.fp_caption, 1, 0)
        me.addWidget(self.fp_value, 1, 1)
        me.setColumnStretch(1, 1)
        me.setRowStretch(2, 1)
        top.addWidget(self.me_box, 1)

        # ---- export
        self.export_box = QGroupBox(self)
        ex = QGridLayout(self.export_box)
        self.target_label = QLabel(self.export_box)
        self.target = QComboBox(self.export_box)
        self.target.setObjectName("exportTarget")
        self.target.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        )
        self.target.setMinimumContentsLength(12)
        self.target_label.setBuddy(self.target)
        self.full = QCheckBox(self.export_box)
        self.full.setObjectName("fullExport")
        self.export_button = QPushButton(self.export_box)
        self.export_button.setObjectName("exportButton")
        self.export_button.clicked.connect(self.export_clicked)
        self.roster_button = QPushButton(self.export_box)
        self.roster_button.setObjectName("rosterButton")
        self.roster_button.clicked.connect(self.export_roster_clicked)
        ex.addWidget(self.target_label, 0, 0)
        ex.addWidget(self.target, 0, 1)
        ex.setColumnStretch(1, 1)
        ex.addWidget(self.full, 1, 0, 1, 2)
        ex.addWidget(self.export_button, 2, 0, 1, 2)
        ex.addWidget(self.roster_button, 3, 0, 1, 2)
        self.no_target = QLabel(self.export_box)
        self.no_target.setWordWrap(True)
        self.no_target.setStyleSheet("color: palette(dark);")
        ex.addWidget(self.no_target, 4, 0, 1, 2)
        top.addWidget(self.export_box, 2)

        # ---- import
        self.import_box = QGroupBox(self)
        im = QVBoxLayout(self.import_box)
        self.import_button = QPushButton(self.import_box)
        self.import_button.setObjectName("importButton")
        self.import_button.clicked.connect(self.import_clicked)
        self.verify_button = QPushButton(self.import_box)
        self.verify_button.setObjectName("verifyButton")
        self.verify_button.clicked.connect(self.verify_clicked)
        self.drop_hint = QLabel(self.import_box)
        self.drop_hint.setWordWrap(True)
        self.drop_hint.setStyleSheet("color: palette(dark);")
        im.addWidget(self.import_button)
        im.addWidget(self.verify_button)
        im.addWidget(self.drop_hint)
        im.addStretch(1)
        top.addWidget(self.import_box, 1)
        layout.addLayout(top)

        # ---- result of the last operation
        self.result_box = QGroupBox(self)
        rb = QVBoxLayout(self.result_box)
        self.result = QTextEdit(self.result_box)
        self.result.setObjectName("syncResult")
        self.result.setReadOnly(True)
        self.result.setMinimumHeight(90)
        rb.addWidget(self.result)
        after = QHBoxLayout()
        self.conflicts_button = QPushButton(self.result_box)
        self.conflicts_button.setObjectName("resolveConflicts")
        self.conflicts_button.clicked.connect(self.resolve_conflicts)
        self.conflicts_button.setVisible(False)
        self.folder_button = QPushButton(self.result_box)
        self.folder_button.setObjectName("openFolder")
        self.folder_button.clicked.connect(self.open_folder)
        self.folder_button.setVisible(False)
        self.last_export: Path | None = None
        after.addWidget(self.conflicts_button)
        after.addWidget(self.folder_button)
        after.addStretch(1)
        rb.addLayout(after)

        # ---- peers and history
        self.peers_box = QGroupBox(self)
        pb = QVBoxLayout(self.peers_box)
        self.peers = QTreeWidget(self.peers_box)
        self.peers.setObjectName("peers")
        self.peers.setRootIsDecorated(False)
        self.peers.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        pb.addWidget(self.peers)
        row = QHBoxLayout()
        self.receipt_button = QPushButton(self.peers_box)
        self.receipt_button.setObjectName("receiptButton")
        self.receipt_button.clicked.connect(self.receipt_clicked)
        self.revoke_button = QPushButton(self.peers_box)  # county: a lost laptop
        self.revoke_button.setObjectName("revokeButton")
        self.revoke_button.clicked.connect(self.revoke_clicked)
        row.addStretch(1)
        row.addWidget(self.revoke_button)
        row.addWidget(self.receipt_button)
        pb.addLayout(row)
        self.history_box = QGroupBox(self)
        hb = QVBoxLayout(self.history_box)
        self.history = QTreeWidget(self.history_box)
        self.history.setObjectName("history")
        self.history.setRootIsDecorated(False)
        hb.addWidget(self.history)

        split = QSplitter(Qt.Orientation.Vertical, self)
        split.addWidget(self.result_box)
        lower = QSplitter(Qt.Orientation.Horizontal, split)
        lower.addWidget(self.peers_box)
        lower.addWidget(self.history_box)
        lower.setStretchFactor(0, 1)
        lower.setStretchFactor(1, 1)
        split.addWidget(lower)
        split.setStretchFactor(0, 1)
        split.setStretchFactor(1, 3)
        layout.addWidget(split, 1)

        ctx.events.language_changed.connect(self.retranslate)
        ctx.events.sync_done.connect(self.refresh)
        self.retranslate()

    # ------------------------------------------------------------ display
    def retranslate(self, _lang: str = "") -> None:
        self.heading.setText(self.tr("Sync"))
        self.me_box.setTitle(self.tr("This computer"))
        self.node_caption.setText(self.tr("Used by:"))
        self.fp_caption.setText(self.tr("Key fingerprint:"))
        self.export_box.setTitle(self.tr("Send"))
        self.target_label.setText(self.tr("&Send to:"))
        self.full.setText(self.tr("Everything (full export)"))
        self.full.setToolTip(self.tr("Everything (full export), not only what is new"))
        self.export_button.setText(self.tr("Export file for sending…"))
        self.roster_button.setText(self.tr("Export roster for the county's computers…"))
        self.import_box.setTitle(self.tr("Receive"))
        self.import_button.setText(self.tr("Import files…"))
        self.verify_button.setText(self.tr("Check a file without importing…"))
        self.drop_hint.setText(self.tr("You can also drag .zjkpkg files onto the window."))
        self.result_box.setTitle(self.tr("Result"))
        self.result.setPlaceholderText(self.tr("What was imported or exported is shown here."))
        self.folder_button.setText(self.tr("Open containing folder"))
        self.folder_button.setToolTip(
            self.tr("Show the file just written, e.g. to drag it into WeChat or onto a USB stick")
        )
        self._update_conflicts_button()
        self.peers_box.setTitle(self.tr("Other computers"))
        self.peers.setHeaderLabels(
            [
                self.tr("Name"),
                self.tr("Role"),
                self.tr("Last file"),
                self.tr("Not yet received"),
                self.tr("Received here"),
                self.tr("Fingerprint"),
            ]
        )
        self.receipt_button.setText(self.tr("Write receipt for the selected computer…"))
        self.revoke_button.setText(self.tr("Revoke key…"))
        self.revoke_button.setToolTip(
            self.tr("A lost or stolen laptop: revoke its key, keeping the changes it already sent")
        )
        self.history_box.setTitle(self.tr("Files imported and exported"))
        self.history.setHeaderLabels(
            [
                self.tr("Time"),
                self.tr("Direction"),
                self.tr("Type"),
                self.tr("Computer"),
                self.tr("Result"),
            ]
        )
        self.refresh()

    def _role_label(self, role: str | None) -> str:
        return ROLES.label(role, i18n.get_language()) if role else ""

    def _computer_name(self, peer: dict[str, Any]) -> str:
        """A computer as people know it: its user's name, else its role; never its id."""
        return (
            peer.get("label") or self._role_label(peer.get("role")) or self.tr("another computer")
        )

    def _kind_label(self, kind: str | None) -> str:
        labels = {
            "delta": self.tr("changes"),
            "full": self.tr("full"),
            "roster": self.tr("roster"),
            "receipt": self.tr("receipt"),
        }
        return labels.get(kind or "", kind or "")

    def refresh(self) -> None:
        """Identity now; peers (unsent counts) and the file history from the worker thread."""
        node = self.ctx.node
        role = self.ctx.role
        # self.tr() outside the f-string, so lupdate collects the string.
        actor = node.actor or self.tr("(no name)")
        self.node_value.setText(f"{actor} · {self._role_label(role)}")
        from ..dialogs.wizard import node_fingerprint

        fingerprint = node_fingerprint(self.ctx.store)
        groups = fingerprint.split() if fingerprint else []
        # Two lines of four groups: read aloud line by line, and fits a 1024-pixel screen.
        self.fp_value.setText(
            " ".join(groups[:4]) + "\n" + " ".join(groups[4:])
            if len(groups) > 4
            else (fingerprint or self.tr("(no key yet)"))
        )
        self.roster_button.setVisible(role == "county")
        self.revoke_button.setVisible(role == "county")
        self._fill_lists()  # what is known so far, in the current language
        if self._loading:
            self._again = True
            return
        self._loading = True
        self.ctx.tasks.run(
            lambda store, progress, cancel: load_lists(store),
            self._lists_loaded,
            title=self.tr("Sync"),
            show_progress=False,
        )

    def _lists_loaded(self, data, error) -> bool:
        self._loading = False
        if error is not None and not isinstance(error, Cancelled):
            log.error("sync page lists: %s", error)
            self._show(error_text(error))
        elif data is not None:
            self.peer_rows, self.history_rows = data
            self._fill_lists()
            self.lists_loaded.emit()
        if self._again:
            self._again = False
            self.refresh()
        return True

    def _fill_lists(self) -> None:
        role = self.ctx.role
        current = self.target.currentData()
        self.target.clear()
        names = {"township": self.tr("Township station"), "county": self.tr("County team")}
        for t in export_targets(role):
            self.target.addItem(names[t], t)
        for peer in self.peer_rows:
            if peer.get("revoked"):
                continue
            label = self._computer_name(peer)
            self.target.addItem(
                self.tr("Computer: %1 (%2)")
                .replace("%1", label)
                .replace("%2", self._role_label(peer.get("role"))),
                peer["node_id"],
            )
        if current is not None and self.target.findData(current) >= 0:
            self.target.setCurrentIndex(self.target.findData(current))
        self.export_button.setEnabled(self.target.count() > 0)
        self.no_target.setVisible(self.target.count() == 0)
        self.no_target.setText(
            self.tr(
                "No computer to send to yet: changes can be sent to a computer once one of its files "
                "has been imported here."
            )
        )

        self.peers.clear()
        labels = {}
        for peer in self.peer_rows:
            labels[peer["node_id"]] = self._computer_name(peer)
            revoked = self.tr(" (revoked)") if peer.get("revoked") else ""
            item = QTreeWidgetItem(
                [
                    labels[peer["node_id"]] + revoked,
                    self._role_label(peer.get("role")),
                    (peer.get("last_seen") or self.tr("never")).replace("T", " ")[:16],
                    str(peer.get("unsent", "")),
                    f"{peer['held_through']:,}" if peer.get("held_through") else "",
                    peer.get("fingerprint") or "",
                ]
            )
            item.setData(0, Qt.ItemDataRole.UserRole, peer["node_id"])
            item.setToolTip(
                4,
                self.tr(
                    "This computer holds that computer's changes up to number %1 (a township reports "
                    "this number when the county revokes a lost laptop)"
                ).replace("%1", str(peer.get("held_through") or 0)),
            )
            item.setToolTip(5, peer.get("fingerprint") or "")
            self.peers.addTopLevelItem(item)
        self.peers.header().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)

        self.history.clear()
        refused_here = self._kept_refusals()
        rows = sorted(
            [*self.history_rows, *refused_here], key=lambda e: e.get("at") or "", reverse=True
        )
        for entry in rows:
            data = entry["summary"]
            # The demo's ledger stands for files its specialists sent (for the timeliness
            # figures): shown as received, never as an export with no count.
            received = entry["direction"] in ("in", DEMO_DIRECTION)
            if entry["direction"] == DEMO_DIRECTION:
                outcome = self.tr("demo: a file received (simulated)")
            elif received:
                if data.get("ok") is False:
                    outcome = self.tr("refused: %1").replace("%1", str(data.get("reason") or ""))
                else:
                    counts = data.get("counts") or {}
                    new = sum(c.get("new", 0) for c in counts.values())
                    upd = sum(c.get("updated", 0) for c in counts.values())
                    outcome = (
                        self.tr("%1 new, %2 updated")
                        .replace("%1", str(new))
                        .replace("%2", str(upd))
                    )
            else:
                outcome = self.tr("%1 changes").replace("%1", str(data.get("n_changes", "")))
            peer = entry["peer"]
            if entry.get("file"):
                outcome = f"{entry['file']}: {outcome}"
            item = QTreeWidgetItem(
                [
                    entry["at"].replace("T", " ")[:16],
                    self.tr("imported") if received else self.tr("exported"),
                    self._kind_label(entry["kind"]),
                    self.tr("every computer")
                    if peer in ("", "all")
                    else labels.get(peer, self.tr("another computer")),
                    outcome,
                ]
            )
            # At 1024 pixels the result column scrolls out of sight: hovering shows it whole.
            item.setToolTip(3, item.text(3))
            item.setToolTip(4, outcome)
            refused = entry["direction"] == "in" and data.get("ok") is False
            item.setForeground(4, QColor("#b91c1c") if refused else QColor("#166534"))
            self.history.addTopLevelItem(item)
        self.history.header().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)

    def _show(self, text: str, ok: bool | None = None) -> None:
        """One entry in the result pane: green for done, red for refused or failed."""
        stamp = _dt.datetime.now().strftime("%H:%M:%S")
        color = "palette(text)" if ok is None else "#166534" if ok else "#b91c1c"
        lines = html.escape(text).replace("\n", "<br>")
        self.result.append(f"<div style='color:{color}'>[{stamp}] {lines}</div>")

    # -------------------------------------------- refusals kept for the record
    def _kept_refusals(self) -> list[dict[str, Any]]:
        """Refused files the core's ledger has no entry for (e.g. not a sync file at all)."""
        try:
            data = json.loads(str(self.ctx.settings.value("sync/refused", "") or "[]"))
        except ValueError:
            return []
        db = str(self.ctx.db_path or "")
        return [e for e in data if isinstance(e, dict) and e.get("db", db) == db]

    def _keep_refusals(self, summaries) -> None:
        known = {
            (e.get("summary") or {}).get("sha256")
            for e in self.history_rows
            if e["direction"] == "in"
        }
        kept = self._kept_refusals()
        db = str(self.ctx.db_path or "")
        for summary in summaries:
            if summary.ok or (summary.sha256 and summary.sha256 in known):
                continue
            kept.append(
                {
                    "db": db,
                    "file": Path(summary.file).name,
                    "at": _dt.datetime.now().astimezone().isoformat(timespec="seconds"),
                    "direction": "in",
                    "kind": summary.kind or "",
                    "peer": (summary.sender or {}).get("node_id") or "",
                    "summary": {"ok": False, "reason": self._refusal_reason(summary)},
                }
            )
        self.ctx.settings.setValue(
            "sync/refused", json.dumps(kept[-HISTORY_LIMIT:], ensure_ascii=False)
        )

    def _refusal_reason(self, summary) -> str:
        """Why a file was refused, in words (the core's text can carry technical details)."""
        in_words = {
            "sync.unknown_key": self.tr("the sender is not trusted yet"),
            "sync.not_a_package": self.tr(
                "it is not a sync file, or it is damaged (e.g. not copied completely)"
            ),
            "sync.too_large": self.tr("it is damaged or not a sync file of this program"),
            "sync.bad_manifest": self.tr("it is damaged or not a sync file of this program"),
            "sync.cannot_read": self.tr("the file cannot be read (is the USB stick still in?)"),
        }
        return in_words.get(summary.reason_key or "", str(summary.reason or ""))

    def _file_line(self, summary) -> str:
        """One line per imported file, in words: who sent it, what it brought."""
        name = Path(summary.file).name
        if not summary.ok:
            return (
                self.tr("%1: refused — %2")
                .replace("%1", name)
                .replace("%2", self._refusal_reason(summary))
            )
        sender = summary.sender or {}
        who = sender.get("label") or self._role_label(sender.get("role")) or self.tr("unknown")
        if summary.kind == "receipt":
            return (
                self.tr("%1: receipt from %2 — they have received your files")
                .replace("%1", name)
                .replace("%2", who)
            )
        text = (
            self.tr("%1: from %2 — %3 new, %4 updated, %5 unchanged")
            .replace("%1", name)
            .replace("%2", who)
            .replace("%3", str(summary.total("new")))
            .replace("%4", str(summary.total("updated")))
            .replace("%5", str(summary.total("unchanged")))
        )
        if summary.total("conflicts"):
            conflicts = str(summary.total("conflicts"))
            text += self.tr(", %1 conflict(s) to resolve").replace("%1", conflicts)
        if summary.total("refused") or summary.refused:
            n = summary.total("refused") or len(summary.refused)
            text += self.tr(", %1 change(s) refused").replace("%1", str(n))
        return text

    # ------------------------------------------------------------ conflicts
    def _update_conflicts_button(self) -> None:
        n = len({c["record_id"] for c in self.ctx.store.conflicts()})
        self.conflicts_button.setText(self.tr("Resolve conflicts (%1)…").replace("%1", str(n)))
        offered = self.conflicts_button.property("offered") is True  # after an import
        self.conflicts_button.setVisible(n > 0 and offered)

    def resolve_conflicts(self) -> None:
        """Each record with a conflict in turn; stops when one is cancelled."""
        from ..dialogs.conflict_dialog import ConflictDialog

        done: set[str] = set()
        while True:
            pending = [c for c in self.ctx.store.conflicts() if c["record_id"] not in done]
            if not pending:
                break
            record_id = pending[0]["record_id"]
            done.add(record_id)
            if not ConflictDialog(self.ctx, record_id, self).exec():
                break
        self._update_conflicts_button()

    def open_folder(self) -> None:
        """The folder of the file just written, in the system's file manager."""
        if self.last_export is not None:
            QDesktopServices.openUrl(QUrl.fromLocalFile(str(self.last_export.parent)))

    # ------------------------------------------------------------- export
    def _file_title(self, kind: str, to: str | None = None) -> str:
        """The "what" part of a file name, in the user's language."""
        if kind == "roster":
            return self.tr("roster")
        if kind == "receipt":
            label = self._peer_label(to) if to else ""
            return self.tr("receipt for %1").replace("%1", label) if label else self.tr("receipt")
        if to == "township":
            return self.tr("to township")
        if to == "county":
            return self.tr("to county")
        label = self._peer_label(to) if to else ""
        return self.tr("to %1").replace("%1", label) if label else self.tr("changes for sending")

    def _peer_label(self, node_id: str | None) -> str:
        for peer in self.peer_rows:
            if peer["node_id"] == node_id:
                return peer.get("label") or self._role_label(peer.get("role"))
        return ""

    def _save_path(self, kind: str, to: str | None = None) -> Path | None:
        folder = str(self.ctx.settings.value("sync/folder", "")) or str(Path.home())
        who = self.ctx.node.actor or self._role_label(self.ctx.role)
        name = default_file_name(who, self._file_title(kind, to))
        path, _ = QFileDialog.getSaveFileName(
            self,
            self.tr("Save sync file"),
            str(unused_path(Path(folder) / name)),
            self.tr("Sync files (*.zjkpkg)"),
        )
        if not path:
            return None
        if not path.lower().endswith(".zjkpkg"):
            path += ".zjkpkg"
        self.ctx.settings.setValue("sync/folder", str(Path(path).parent))
        return Path(path)

    def export_clicked(self) -> None:
        to = self.target.currentData()
        if not to:
            return
        full = self.full.isChecked()
        out = self._save_path("full" if full else "delta", to)
        if out is None:
            return
        from ... import sync

        def job(store, progress, should_cancel):
            return sync.export_package(
                store, to, full=full, out=out, progress=progress, should_cancel=should_cancel
            )

        self.ctx.tasks.run(job, self._exported, title=self.tr("Exporting…"), parent=self)

    def export_roster_clicked(self) -> None:
        out = self._save_path("roster")
        if out is None:
            return
        from ... import sync

        def job(store, progress, should_cancel):
            return sync.export_roster(store, out, progress=progress, should_cancel=should_cancel)

        self.ctx.tasks.run(job, self._exported, title=self.tr("Exporting roster…"), parent=self)

    def receipt_clicked(self) -> None:
        item: QTreeWidgetItem | None = self.peers.currentItem()
        if item is None:
            QMessageBox.information(
                self,
                self.tr("Receipt"),
                self.tr("Select the computer the receipt is for."),
                QMessageBox.StandardButton.Ok,
            )
            return
        node_id = item.data(0, Qt.ItemDataRole.UserRole)
        out = self._save_path("receipt", node_id)
        if out is None:
            return
        from ... import sync

        def job(store, progress, should_cancel):
            return sync.export_receipt(store, node_id, out)

        self.ctx.tasks.run(job, self._exported, title=self.tr("Writing receipt…"), parent=self)

    def revoke_clicked(self) -> None:
        item: QTreeWidgetItem | None = self.peers.currentItem()
        if item is None:
            QMessageBox.information(
                self,
                self.tr("Revoke key"),
                self.tr("Select the computer whose key is to be revoked."),
                QMessageBox.StandardButton.Ok,
            )
            return
        from ...sync import keys
        from ..dialogs.revoke_dialog import RevokeDialog

        node_id = item.data(0, Qt.ItemDataRole.UserRole)
        if keys.Keyring(self.ctx.store).lookup(node_id) is None:
            QMessageBox.information(
                self,
                self.tr("Revoke key"),
                self.tr("This computer has no key in the county's keyring."),
                QMessageBox.StandardButton.Ok,
            )
            return
        dialog = RevokeDialog(self.ctx.store, node_id, self)
        if dialog.exec() != RevokeDialog.DialogCode.Accepted:
            return
        name = (dialog.info.label if dialog.info else "") or item.text(0)
        self._show(
            (
                self.tr(
                    "Revoked the key of %1, keeping the %2 changes it already sent. Export the roster "
                    "and send it to every office."
                ).replace("%2", f"{dialog.kept:,}")
                if dialog.kept
                else self.tr(
                    "Revoked the key of %1, keeping none of its changes. Export the roster and send it "
                    "to every office."
                )
            ).replace("%1", name),
            ok=True,
        )
        self.ctx.events.sync_done.emit()
        self.ctx.events.status_changed.emit()

    def _exported(self, result, error) -> bool:
        if error is not None:
            self.folder_button.setVisible(False)
            if isinstance(error, Cancelled):
                self._show(self.tr("Export cancelled; no file was written."), ok=False)
                return True
            self._show(self.tr("Export failed: %1").replace("%1", error_text(error)), ok=False)
            return False  # the task runner shows the error dialog too
        self.last_export = Path(result.path)
        self._show(
            self.tr("Written: %1 (%2 changes, %3 photos)")
            .replace("%1", str(result.path))
            .replace("%2", str(result.n_changes))
            .replace("%3", str(result.n_blobs)),
            ok=True,
        )
        self.folder_button.setVisible(True)
        self.ctx.events.sync_done.emit()
        self.ctx.events.status_changed.emit()
        self.exported.emit(result)
        return True

    # ------------------------------------------------------------- import
    def _open_paths(self, title: str, many: bool) -> list[Path]:
        folder = str(self.ctx.settings.value("sync/folder", "")) or str(Path.home())
        filters = self.tr("Sync files (*.zjkpkg);;All files (*)")
        if many:
            paths, _ = QFileDialog.getOpenFileNames(self, title, folder, filters)
        else:
            path, _ = QFileDialog.getOpenFileName(self, title, folder, filters)
            paths = [path] if path else []
        if paths:
            self.ctx.settings.setValue("sync/folder", str(Path(paths[0]).parent))
        return [Path(p) for p in paths]

    def import_clicked(self) -> None:
        paths = self._open_paths(self.tr("Import sync files"), many=True)
        if paths:
            self.import_files(paths)

    def verify_clicked(self) -> None:
        paths = self._open_paths(self.tr("Check a sync file"), many=False)
        if not paths:
            return
        from ... import sync

        path = paths[0]

        def job(store, progress, should_cancel):
            return sync.verify_file(store, path)

        def done(summary, error):
            if error is None:
                self._show(
                    self.tr("Checked, nothing imported:") + " " + self._file_line(summary),
                    ok=summary.ok,
                )
            return False

        self.ctx.tasks.run(job, done, title=self.tr("Checking…"), parent=self)

    def import_files(self, paths: list[Path]) -> None:
        """Import ``paths`` in the background; summaries shown, other pages refreshed."""
        from ... import sync
        from ..dialogs.enrol_dialog import take_enrol_requests

        # The county approves the enrolment requests among them.
        paths = take_enrol_requests(self, self.ctx.store, [Path(p) for p in paths])
        if not paths:
            return

        def job(store, progress, should_cancel):
            return sync.import_files(store, paths, progress=progress, should_cancel=should_cancel)

        self.ctx.tasks.run(job, self._imported, title=self.tr("Importing…"), parent=self)

    def _imported(self, summaries, error) -> bool:
        if error is not None:
            if isinstance(error, Cancelled):
                self._show(self.tr("Import cancelled; nothing was changed."), ok=False)
                return True
            self._show(self.tr("Import failed: %1").replace("%1", error_text(error)), ok=False)
            return False
        self.last_summaries = list(summaries)
        for summary in summaries:
            self._show(self._file_line(summary), ok=summary.ok)
        self._keep_refusals(summaries)
        if any(s.total("conflicts") for s in summaries):
            self.conflicts_button.setProperty("offered", True)
        self._update_conflicts_button()
        applied = any(s.applied for s in summaries)
        if applied:
            self.ctx.events.records_changed.emit("")
            self.ctx.events.roster_changed.emit()
        self.ctx.events.sync_done.emit()
        self.ctx.events.status_changed.emit()
        self.imported.emit(self.last_summaries)
        for summary in summaries:
            if summary.reason_key == "sync.unknown_key":
                self.offer_trust(Path(summary.file))
        return True

    def offer_trust(self, path: Path) -> None:
        """A package from a key this computer does not know: trust it after a fingerprint check."""
        from ...sync.importer import read_sender
        from ...sync.keys import trust

        try:
            sender, fp = read_sender(path, self.ctx.store)
        except Exception as exc:  # noqa: BLE001 - the file is bad: say so
            self._show(error_text(exc))
            return
        box = QMessageBox(self)
        box.setIcon(QMessageBox.Icon.Question)
        box.setWindowTitle(self.tr("Unknown sender"))
        role = self._role_label(sender.get("role"))
        who = str(sender.get("label") or role or self.tr("unknown"))
        if role and role != who:
            who = self.tr("%1 (%2)").replace("%1", who).replace("%2", role)
        box.setText(
            self.tr("The file %1 comes from %2, a computer not known here yet.")
            .replace("%1", path.name)
            .replace("%2", who)
        )
        box.setInformativeText(
            self.tr(
                "Fingerprint: %1\n\nTrust it only after the sender has read you the same"
                " fingerprint (e.g. by phone); their Sync page shows it."
            ).replace("%1", fp)
        )
        trust_button = box.addButton(self.tr("Trust and import"), QMessageBox.ButtonRole.AcceptRole)
        box.addButton(self.tr("Do not trust"), QMessageBox.ButtonRole.RejectRole)
        box.setDefaultButton(trust_button)
        box.exec()
        if box.clickedButton() is not trust_button:
            self._show(
                self.tr("%1 was not imported: its sender is not trusted.").replace("%1", path.name),
                ok=False,
            )
            return
        trust(self.ctx.store, sender)
        self.import_files([path])
