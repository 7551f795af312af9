"""The needs of one meeting as a Qt list model, re-ranked by moving rows (keys or drag and drop)."""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import (
    QAbstractListModel,
    QByteArray,
    QMimeData,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    Signal,
)

from salescoach.services.interviews import InterviewService
from salescoach.ui.meeting.needs_common import STATUS_LONG, call_service, long_status

if TYPE_CHECKING:
    from salescoach.services.interviews import StoredNeed

AnyIndex = QModelIndex | QPersistentModelIndex
MIME_TYPE = "application/x-salescoach-need-ids"


class NeedsModel(QAbstractListModel):
    """The needs of one meeting, in rank order, read from the service.

    `reload()` rereads them after a change made elsewhere. Moving rows (`moveRows`, used by
    Alt+Up/Down and by drag and drop in a `QListView` in `InternalMove` mode) writes the new
    ranks through `rerank_needs` before the rows move; if that fails nothing moves and
    `saveFailed` says why.
    """

    saveFailed = Signal(str)
    """Re-ranking could not be saved; the order shown is still the order stored."""

    NeedIdRole = Qt.ItemDataRole.UserRole + 1
    RankRole = Qt.ItemDataRole.UserRole + 2
    ImpactRole = Qt.ItemDataRole.UserRole + 3
    PriorityRole = Qt.ItemDataRole.UserRole + 4
    StatusRole = Qt.ItemDataRole.UserRole + 5
    SourceQuestionRole = Qt.ItemDataRole.UserRole + 6
    SourceLabelRole = Qt.ItemDataRole.UserRole + 7
    OriginalStatementRole = Qt.ItemDataRole.UserRole + 8

    def __init__(
        self,
        interviews: InterviewService,
        interview_id: int,
        parent: Any = None,
        question_labels: dict[str, str] | None = None,
    ) -> None:
        super().__init__(parent)
        self._interviews = interviews
        self._interview_id = interview_id
        self._labels = question_labels or {}
        self._needs: list[StoredNeed] = []
        self.reload()

    # --- the data -------------------------------------------------------------------------------

    def reload(self) -> None:
        """Reread the needs from the service (raises what the service raises)."""
        needs = self._interviews.needs(self._interview_id)
        self.beginResetModel()
        self._needs = list(needs)
        self.endResetModel()

    def need(self, row: int) -> StoredNeed:
        return self._needs[row]

    def row_of(self, need_id: int) -> int:
        return next((row for row, need in enumerate(self._needs) if need.id == need_id), -1)

    def need_ids(self) -> list[int]:
        return [need.id for need in self._needs]

    def statuses(self) -> list[str]:
        """Each need's status, as last read or saved (the gate is worked out from these)."""
        return [need.status for need in self._needs]

    def source_label(self, question_id: str | None) -> str:
        if not question_id:
            return ""
        return self._labels.get(question_id, question_id)

    # --- Qt model interface ---------------------------------------------------------------------

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._needs)

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._needs):
            return None
        need = self._needs[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return need.statement
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._tooltip(index.row(), need)
        if role == Qt.ItemDataRole.AccessibleTextRole:
            return f"Need {index.row() + 1}: {need.statement}. {STATUS_LONG.get(need.status, '')}"
        if role == self.NeedIdRole:
            return need.id
        if role == self.RankRole:
            return index.row() + 1
        if role == self.ImpactRole:
            return need.impact
        if role == self.PriorityRole:
            return need.priority
        if role == self.StatusRole:
            return need.status
        if role == self.SourceQuestionRole:
            return need.source_question_id or ""
        if role == self.SourceLabelRole:
            return self.source_label(need.source_question_id)
        if role == self.OriginalStatementRole:
            return need.original_statement
        return None

    def _tooltip(self, row: int, need: StoredNeed) -> str:
        lines = [f"Need {row + 1}: {long_status(need.status)}"]
        if need.original_statement and need.original_statement != need.statement:
            lines.append(f"First said: “{need.original_statement}”")
        if need.source_question_id:
            lines.append(f"Heard at: {self.source_label(need.source_question_id)}")
            lines.append("Alt+Enter: go to that question")
        lines.append("Enter/F2: edit · Alt+Up/Down: rank · Delete: delete")
        return "\n".join(lines)

    def flags(self, index: AnyIndex) -> Qt.ItemFlag:
        if not index.isValid():
            # Drops land between needs, never on one.
            return Qt.ItemFlag.ItemIsDropEnabled
        return (
            Qt.ItemFlag.ItemIsEnabled
            | Qt.ItemFlag.ItemIsSelectable
            | Qt.ItemFlag.ItemIsDragEnabled
            | Qt.ItemFlag.ItemNeverHasChildren
        )

    def supportedDropActions(self) -> Qt.DropAction:
        return Qt.DropAction.MoveAction

    def supportedDragActions(self) -> Qt.DropAction:
        return Qt.DropAction.MoveAction

    def mimeTypes(self) -> list[str]:
        return [MIME_TYPE]

    def mimeData(self, indexes: Sequence[QModelIndex]) -> QMimeData:
        rows = sorted({index.row() for index in indexes if index.isValid()})
        data = QMimeData()
        ids = [self._needs[row].id for row in rows]
        data.setData(MIME_TYPE, QByteArray(json.dumps(ids).encode()))
        return data

    def canDropMimeData(
        self,
        data: QMimeData,
        action: Qt.DropAction,
        row: int,
        column: int,
        parent: AnyIndex,
    ) -> bool:
        return action == Qt.DropAction.MoveAction and data.hasFormat(MIME_TYPE)

    def dropMimeData(
        self,
        data: QMimeData,
        action: Qt.DropAction,
        row: int,
        column: int,
        parent: AnyIndex,
    ) -> bool:
        """Move the dragged needs to `row` (before the need dropped on, or to the end)."""
        if action == Qt.DropAction.IgnoreAction:
            return True
        if not self.canDropMimeData(data, action, row, column, parent):
            return False
        try:
            ids = [int(value) for value in json.loads(bytes(data.data(MIME_TYPE).data()))]
        except (ValueError, TypeError):
            return False
        if parent.isValid():
            row = parent.row()
        if not 0 <= row <= len(self._needs):
            row = len(self._needs)
        rows = sorted(r for r in (self.row_of(need_id) for need_id in ids) if r >= 0)
        if not rows:
            return False
        if rows == list(range(rows[0], rows[-1] + 1)):
            if rows[0] <= row <= rows[-1] + 1:
                return True  # dropped where it already is
            return self.moveRows(QModelIndex(), rows[0], len(rows), QModelIndex(), row)
        # Scattered rows (not possible with single selection): save the order, then reset.
        moving = [self._needs[r] for r in rows]
        keep = [need for need in self._needs if need not in moving]
        at = len([r for r in range(row) if r not in rows])
        order = keep[:at] + moving + keep[at:]
        if not self._save_order([need.id for need in order]):
            return False
        self.beginResetModel()
        self._needs = [dataclasses.replace(need, rank=r) for r, need in enumerate(order, 1)]
        self.endResetModel()
        return True

    def moveRows(
        self,
        sourceParent: AnyIndex,
        sourceRow: int,
        count: int,
        destinationParent: AnyIndex,
        destinationChild: int,
    ) -> bool:
        size = len(self._needs)
        if sourceParent.isValid() or destinationParent.isValid() or count < 1:
            return False
        if sourceRow < 0 or sourceRow + count > size or not 0 <= destinationChild <= size:
            return False
        if sourceRow <= destinationChild <= sourceRow + count:
            return False  # onto itself: nothing to move
        block = self._needs[sourceRow : sourceRow + count]
        rest = self._needs[:sourceRow] + self._needs[sourceRow + count :]
        at = destinationChild if destinationChild < sourceRow else destinationChild - count
        order = rest[:at] + block + rest[at:]
        if not self._save_order([need.id for need in order]):
            return False
        if not self.beginMoveRows(
            QModelIndex(), sourceRow, sourceRow + count - 1, QModelIndex(), destinationChild
        ):
            return False
        self._needs = [dataclasses.replace(need, rank=r) for r, need in enumerate(order, 1)]
        self.endMoveRows()
        self._ranks_changed()
        return True

    # --- helpers --------------------------------------------------------------------------------

    def _save_order(self, ordered_ids: list[int]) -> bool:
        saved = call_service(self.saveFailed.emit, self._interviews.rerank_needs, ordered_ids)
        return saved is not None

    def _ranks_changed(self) -> None:
        if self._needs:
            self.dataChanged.emit(self.index(0), self.index(len(self._needs) - 1), [])
