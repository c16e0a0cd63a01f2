"""Every version of one record: who, when, on which computer, which fields changed old → new."""

from __future__ import annotations

import json
from typing import Any

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QSize
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ... import i18n, queries
from ...display import display_value
from ...domain.entities import FieldSpec, entity
from ...domain.enums import ROLES
from ...search import roster_index
from ..context import AppContext
from ..widgets import keep_dialog_size

OPERATIONS = {
    "create": QT_TRANSLATE_NOOP("HistoryDialog", "Created"),
    "update": QT_TRANSLATE_NOOP("HistoryDialog", "Edited"),
    "delete": QT_TRANSLATE_NOOP("HistoryDialog", "Deleted"),
    "review": QT_TRANSLATE_NOOP("HistoryDialog", "Reviewed"),
    "resolve": QT_TRANSLATE_NOOP("HistoryDialog", "Conflict resolved"),
    "restore": QT_TRANSLATE_NOOP("HistoryDialog", "Restored"),
}


def peer_labels(store) -> dict[str, str]:
    """{node id: the computer's name in the user's language}: its label, else its role's name."""
    lang = i18n.get_language()
    labels = {}
    for node_id, (name, role) in queries.computer_names(store).items():
        role_name = ROLES.label(role, lang) if role else ""
        if name in ROLES.codes():
            name = ROLES.label(name, lang)  # a computer called "county" shows as 县服务团
        labels[node_id] = name or role_name
    own = store.node_info()
    labels[own.node_id] = QCoreApplication.translate("HistoryDialog", "this computer")
    return {k: v for k, v in labels.items() if v}


def field_text(spec, name: str, value: Any, index) -> str:
    f = spec.field(name)
    if name == "deleted":
        return "✓" if value else ""
    if f is None:
        return (
            ""
            if value is None
            else json.dumps(value, ensure_ascii=False)
            if not isinstance(value, str)
            else value
        )
    return display_value(f, value, index, full=True)


def field_label(spec, name: str) -> str:
    f: FieldSpec | None = spec.field(name)
    if name == "deleted":
        return QCoreApplication.translate("HistoryDialog", "Deleted")
    return f.label(i18n.get_language()) if f is not None else name


class HistoryDialog(QDialog):
    def __init__(self, ctx: AppContext, kind: str, record_id: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx = ctx
        self.kind = kind
        self.record_id = record_id
        self.spec = entity(kind)
        self.header = QLabel(self)
        self.header.setWordWrap(True)
        self.tree = QTreeWidget(self)
        self.tree.setColumnCount(4)
        self.tree.setAlternatingRowColors(True)
        self.tree.setWordWrap(True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.header)
        layout.addWidget(self.tree, 1)
        layout.addWidget(buttons)
        keep_dialog_size(self, ctx.settings, "history", QSize(900, 560))
        self.retranslate()

    def retranslate(self) -> None:
        self.setWindowTitle(self.tr("History"))
        self.tree.setHeaderLabels(
            [self.tr("When / field"), self.tr("Who"), self.tr("Before"), self.tr("After")]
        )
        self.refresh()

    def refresh(self) -> None:
        store = self.ctx.store
        index = roster_index(store)
        labels = peer_labels(store)
        versions = store.history(self.record_id)
        self.header.setText(
            self.tr(
                "%1 versions of this %2, oldest first. Every change is kept, including"
                " values that lost a conflict."
            )
            .replace("%1", str(len(versions)))
            .replace("%2", self.spec.label(i18n.get_language()))
        )
        self.tree.clear()
        for v in versions:
            op = QCoreApplication.translate("HistoryDialog", str(OPERATIONS.get(v["op"], v["op"])))
            node = labels.get(v["node"], self.tr("another computer"))
            who = v["actor"] or self.tr("(unnamed)")
            if v["actor"] in ROLES.codes():
                who = ROLES.label(v["actor"], i18n.get_language())
            top = QTreeWidgetItem(
                [f"{v['time'].replace('T', ' ')}  {op}", f"{who} @ {node}", "", ""]
            )
            top.setToolTip(
                1,
                self.tr("Computer %1, change no. %2")
                .replace("%1", node)
                .replace("%2", str(v["counter"])),
            )
            font = top.font(0)
            font.setBold(True)
            top.setFont(0, font)
            order = {name: i for i, name in enumerate(self.spec.field_names())}
            for change in sorted(v["changes"], key=lambda c: order.get(c["field"], len(order))):
                name = change["field"]
                if name.startswith("_"):
                    continue
                QTreeWidgetItem(
                    top,
                    [
                        field_label(self.spec, name),
                        "",
                        field_text(self.spec, name, change["old"], index),
                        field_text(self.spec, name, change["new"], index),
                    ],
                )
            self.tree.addTopLevelItem(top)
            top.setExpanded(True)
        for column, width in enumerate((260, 180, 200)):
            self.tree.setColumnWidth(column, width)
        self.tree.header().setStretchLastSection(True)
        self.tree.scrollToBottom()
