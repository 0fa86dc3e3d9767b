"""What the media storage and the uploads storage hold, and a storage that fails
on cue."""

from pathlib import Path

from django.conf import settings
from django.core.files.storage import storages


def stored_files() -> list[str]:
    """Return every file under the test MEDIA_ROOT, relative to it."""
    return _files_under(Path(settings.MEDIA_ROOT))


def waiting_uploads() -> list[str]:
    """Return every upload kept for a worker (the "uploads" storage), by name."""
    return _files_under(Path(storages["uploads"].location))


def _files_under(root: Path) -> list[str]:
    if not root.exists():
        return []
    return sorted(
        str(path.relative_to(root)) for path in root.rglob("*") if path.is_file()
    )


def fail_the_nth_save(monkeypatch, storage_class, n: int) -> list[str]:
    """Make `storage_class` refuse its `n`th save with OSError, as a full disk or a
    failing bucket would; return the names it is asked to save."""
    real_save = storage_class._save
    calls = []

    def save(storage, name, content):
        calls.append(name)
        if len(calls) == n:
            raise OSError("the storage refused the file")
        return real_save(storage, name, content)

    monkeypatch.setattr(storage_class, "_save", save)
    return calls
