"""What the rep is told when the data file is deleted, moved or replaced while SalesCoach is
open, and the one thing to do about it: put the data back (the running app does it, see
`RunningApp.put_back`)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QMessageBox, QWidget

from salescoach import APP_NAME
from salescoach.services.data_file import PutBack

PUT_BACK = "Put it back"
KEEP_MINE = "Keep my data here"
STILL_HELD = "Nothing is lost: SalesCoach still holds everything you entered."


def explanation(where: str, database: Path) -> tuple[str, str]:
    """(headline, details) for a data file that is 'missing' or 'replaced'."""
    if where == "replaced":
        return (
            "Another file has taken the place of your SalesCoach data.",
            "Something outside SalesCoach (a sync or clean-up program, or a file copied by "
            f"hand) put a different file at\n{database}\nwhile SalesCoach was open.\n\n"
            f"{STILL_HELD} Keep your data here: it goes back in its place and the other file "
            "is kept beside it, renamed salescoach-replaced-<date>-<time>.db, never "
            "overwritten.",
        )
    return (
        "Your SalesCoach data file has gone from its folder.",
        "Something outside SalesCoach (a sync or clean-up program, or a folder moved by hand) "
        f"moved or deleted\n{database}\nwhile SalesCoach was open.\n\n"
        f"{STILL_HELD} Put it back, so that it is there when SalesCoach next starts.",
    )


def put_back_note(placed: PutBack, closing: bool = False) -> str:
    """What the rep is told once the data is written back (`closing`: as SalesCoach closes)."""
    if placed.beside:  # the name was taken again while the data was being written
        shows, run = (
            ("opens next time", "run") if closing else ("now shows", "quit SalesCoach and run")
        )
        return (
            f"Your data is saved in:\n{placed.path}\n\nSalesCoach {shows} the file that took "
            f"its place. To carry on with your own data instead, {run}\n"
            f'salescoach restore "{placed.path}"\nor ask your IT department.'
        )
    note = f"Your data is back in its folder:\n{placed.path}"
    if not closing:
        note += "\n\nSalesCoach saves there again."
    if placed.set_aside is not None:
        note += (
            f"\n\nThe file that had taken its place is kept as:\n{placed.set_aside}\n"
            "To look at it, or use it instead, ask your IT department, or quit SalesCoach and "
            f'run\nsalescoach restore "{placed.set_aside}"'
        )
    return note


FOLDER_HINT = (
    "Keep SalesCoach open, and put the folder back where it was (or create it again) or make it "
    "writable: SalesCoach takes it from there."
)


def not_put_back(reason: str, hint: str = FOLDER_HINT) -> str:
    """What the rep is told when the data could not be written back."""
    return f"Your data could not be put back. {reason}\n\n{STILL_HELD} {hint}"


class MovedData:
    """The offer to put the data back, and what came of it; replaceable in tests."""

    @classmethod
    def ask(cls, parent: QWidget | None, where: str, database: Path) -> bool:
        """True when the rep chose to put the data back (the only choice offered: the data is
        at risk until it is written, and no file is overwritten or deleted)."""
        headline, details = explanation(where, database)
        box = QMessageBox(QMessageBox.Icon.Information, APP_NAME, headline, parent=parent)
        box.setInformativeText(details)
        button = box.addButton(
            KEEP_MINE if where == "replaced" else PUT_BACK, QMessageBox.ButtonRole.AcceptRole
        )
        box.setDefaultButton(button)
        box.setEscapeButton(button)
        box.exec()
        return box.clickedButton() is button

    @classmethod
    def tell(cls, parent: QWidget | None, note: str) -> None:
        box = QMessageBox(QMessageBox.Icon.Information, APP_NAME, note, parent=parent)
        box.exec()

    @classmethod
    def retry_on_quit(cls, reason: str) -> bool:
        """SalesCoach is closing and the data could not be written back: True to try again."""
        box = QMessageBox(
            QMessageBox.Icon.Warning, APP_NAME, "SalesCoach could not put your data back."
        )
        box.setInformativeText(
            f"{reason}\n\nIf SalesCoach closes now, your latest work stays only where the file "
            "went; if it was deleted, that work is lost. Put the folder back where it was (or "
            "make it writable again), then choose Try again."
        )
        retry = box.addButton("Try again", QMessageBox.ButtonRole.AcceptRole)
        box.addButton("Close anyway", QMessageBox.ButtonRole.DestructiveRole)
        box.setDefaultButton(retry)
        box.exec()
        return box.clickedButton() is retry
