"""The library: shipped playbooks plus a user (or team) folder, highest version of an id wins."""

from __future__ import annotations

from pathlib import Path

import pytest

from salescoach import resources
from salescoach.playbooks.library import load_library


def playbook_text(playbook_id: str, version: int, title: str) -> str:
    return (
        f"id: {playbook_id}\n"
        f"version: {version}\n"
        f"title: {title}\n"
        "sections:\n"
        "  - id: only\n"
        "    title: Only\n"
        "    questions:\n"
        "      - id: situation\n"
        "        text: How does it work today?\n"
        "        type: long_text\n"
        "        must_ask: true\n"
    )


@pytest.fixture
def shipped_dir(tmp_path: Path) -> Path:
    folder = tmp_path / "shipped"
    folder.mkdir()
    (folder / "alpha.yaml").write_text(playbook_text("alpha", 2, "Alpha (shipped)"))
    (folder / "beta.yaml").write_text(playbook_text("beta", 1, "Beta (shipped)"))
    return folder


@pytest.fixture
def user_dir(tmp_path: Path) -> Path:
    folder = tmp_path / "user"
    folder.mkdir()
    return folder


def titles(library) -> dict[str, str]:
    return {pid: loaded.playbook.title for pid, loaded in library.playbooks.items()}


def test_shipped_playbooks_alone(shipped_dir: Path) -> None:
    library = load_library(shipped_dir, None)

    assert titles(library) == {"alpha": "Alpha (shipped)", "beta": "Beta (shipped)"}
    assert library.problems == []
    alpha = library.playbooks["alpha"]
    assert alpha.shipped is True
    assert alpha.source == shipped_dir / "alpha.yaml"


def test_a_user_playbook_with_a_new_id_is_added(shipped_dir: Path, user_dir: Path) -> None:
    path = user_dir / "first-call.yaml"
    path.write_text(playbook_text("first-call", 1, "First call"))

    library = load_library(shipped_dir, user_dir)

    assert set(library.playbooks) == {"alpha", "beta", "first-call"}
    added = library.playbooks["first-call"]
    assert (added.shipped, added.source) == (False, path)
    assert library.get("first-call").title == "First call"
    assert library.playbooks["alpha"].shipped is True


@pytest.mark.parametrize(
    ("user_version", "winner"),
    [(3, "Alpha (team)"), (1, "Alpha (shipped)"), (2, "Alpha (team)")],
    ids=["higher-version-wins", "lower-version-loses", "equal-version-user-wins"],
)
def test_the_highest_version_of_an_id_wins_and_a_tie_goes_to_the_user(
    shipped_dir: Path, user_dir: Path, user_version: int, winner: str
) -> None:
    (user_dir / "our-alpha.yaml").write_text(playbook_text("alpha", user_version, "Alpha (team)"))

    library = load_library(shipped_dir, user_dir)

    assert library.get("alpha").title == winner
    assert library.playbooks["alpha"].shipped is (winner == "Alpha (shipped)")
    assert library.get("beta").title == "Beta (shipped)"
    assert library.problems == []


def test_within_the_user_folder_the_highest_version_wins_whatever_the_file_order(
    shipped_dir: Path, user_dir: Path
) -> None:
    (user_dir / "a.yaml").write_text(playbook_text("gamma", 5, "Gamma v5"))
    (user_dir / "b.yaml").write_text(playbook_text("gamma", 4, "Gamma v4"))
    (user_dir / "c.yaml").write_text(playbook_text("delta", 1, "Delta v1"))
    (user_dir / "d.yaml").write_text(playbook_text("delta", 2, "Delta v2"))

    library = load_library(shipped_dir, user_dir)

    assert library.get("gamma").version == 5
    assert library.get("delta").version == 2


def test_a_team_copy_of_a_real_shipped_playbook_replaces_it(user_dir: Path) -> None:
    """The guide's recipe: copy a shipped playbook, keep its id, raise its version."""
    original = (resources.playbooks_dir() / "spin.yaml").read_text(encoding="utf-8")
    assert "\nversion: 1\n" in original
    copy = original.replace("\nversion: 1\n", "\nversion: 2\n", 1)
    (user_dir / "spin-team.yaml").write_text(copy, encoding="utf-8")

    library = load_library(resources.playbooks_dir(), user_dir)

    assert library.problems == []
    assert set(library.playbooks) == {"collaborative-discovery", "spin", "meddpicc", "bant"}
    assert library.get("spin").version == 2
    assert library.playbooks["spin"].source == user_dir / "spin-team.yaml"
    assert library.playbooks["bant"].shipped is True


def test_a_broken_user_file_is_reported_and_skipped(shipped_dir: Path, user_dir: Path) -> None:
    broken = user_dir / "broken.yaml"
    broken.write_text(
        playbook_text("broken", 1, "Broken").replace("type: long_text", "type: essay")
    )
    (user_dir / "fine.yml").write_text(playbook_text("fine", 1, "Fine"))
    # the same id as a shipped playbook, at a higher version: it must not replace anything
    (user_dir / "alpha.yaml").write_text("id: alpha\nversion: 9\ntitle: [unclosed\n")

    library = load_library(shipped_dir, user_dir)

    assert titles(library) == {
        "alpha": "Alpha (shipped)",
        "beta": "Beta (shipped)",
        "fine": "Fine",
    }
    assert [(problem.path, problem.line) for problem in library.problems] == [
        (user_dir / "alpha.yaml", 4),
        (broken, 10),
    ]
    assert str(library.problems[1]).startswith(f"{broken}:10: question `situation`: `type`:")
    assert "unknown value `essay`" in library.problems[1].message


def test_a_broken_file_does_not_stop_a_later_one_with_the_same_id(
    shipped_dir: Path, user_dir: Path
) -> None:
    (user_dir / "a.yaml").write_bytes(b"id: beta\nversion: 3\ntitle: \xff\n")
    (user_dir / "b.yaml").write_text(playbook_text("beta", 2, "Beta (team)"))

    library = load_library(shipped_dir, user_dir)

    assert library.get("beta").title == "Beta (team)"
    assert [(p.path.name, p.line) for p in library.problems] == [("a.yaml", 3)]


def test_only_yaml_files_are_read(shipped_dir: Path, user_dir: Path) -> None:
    # the guide tells teams to keep playbook.schema.json next to their playbooks
    (user_dir / "playbook.schema.json").write_text("{}")
    (user_dir / "notes.txt").write_text("not a playbook")
    (user_dir / "old.yaml.bak").write_text("id: [")
    (user_dir / "folder.yaml").mkdir()
    (user_dir / "extra.yml").write_text(playbook_text("extra", 1, "Extra"))

    library = load_library(shipped_dir, user_dir)

    assert set(library.playbooks) == {"alpha", "beta", "extra"}
    assert library.problems == []


@pytest.mark.parametrize("kind", ["missing", "a-file", "none"])
def test_an_unusable_user_folder_is_fine(shipped_dir: Path, tmp_path: Path, kind: str) -> None:
    user = {"missing": tmp_path / "nowhere", "a-file": tmp_path / "file.yaml", "none": None}[kind]
    if kind == "a-file":
        user.write_text(playbook_text("sneaky", 1, "Sneaky"))

    library = load_library(shipped_dir, user)

    assert set(library.playbooks) == {"alpha", "beta"}
    assert library.problems == []


def test_sorted_is_by_title_ignoring_case_and_get_refuses_unknown_ids(
    shipped_dir: Path, user_dir: Path
) -> None:
    (user_dir / "z.yaml").write_text(playbook_text("zulu", 1, "account review"))

    library = load_library(shipped_dir, user_dir)

    assert [item.playbook.id for item in library.sorted()] == ["zulu", "alpha", "beta"]
    with pytest.raises(KeyError):
        library.get("nope")
