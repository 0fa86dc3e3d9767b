"""The layout the README's "Where things are" describes: one idea per folder, apps
that depend on each other one way only, configuration apart, test support apart."""

import ast
from pathlib import Path

from django.conf import settings

ROOT = Path(settings.BASE_DIR)
APPS = ("web", "images", "audit", "authentication", "blog", "api")
CONFIGURATION = {
    "__init__.py",
    "settings.py",
    "urls.py",
    "wsgi.py",
    "asgi.py",
    "gunicorn.py",
}


def production_modules(package: str) -> list[Path]:
    """The package's Python files that the site runs: not its tests or migrations."""
    return [
        path
        for path in (ROOT / package).rglob("*.py")
        if not {"tests", "migrations"} & set(path.relative_to(ROOT).parts)
    ]


def imported_packages(path: Path) -> set[str]:
    """The top-level packages `path` imports by absolute name, anywhere in it."""
    packages = set()
    for node in ast.walk(ast.parse(path.read_text(), str(path))):
        if isinstance(node, ast.Import):
            packages |= {alias.name.split(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.level == 0:
            packages.add(node.module.split(".")[0])
    return packages


def app_dependencies() -> dict[str, set[str]]:
    """For each app, the other apps its production code imports."""
    return {
        app: {
            other
            for path in production_modules(app)
            for other in imported_packages(path) & set(APPS)
            if other != app
        }
        for app in APPS
    }


def test_every_app_is_installed_and_checked_here():
    local_apps = [app for app in settings.INSTALLED_APPS if (ROOT / app).is_dir()]
    assert sorted(local_apps) == sorted(APPS)


def test_no_two_apps_import_each_other():
    dependencies = app_dependencies()
    both_ways = {
        (app, other)
        for app, others in dependencies.items()
        for other in others
        if app in dependencies[other] and app < other
    }
    assert not both_ways, f"apps importing each other: {sorted(both_ways)}"


def test_the_apps_depend_on_each_other_in_layers():
    # web and images know no app; audit records through web's client address;
    # authentication builds on audit and images; blog on all of them; the API on
    # blog and the rest, and nothing builds on it.
    assert app_dependencies() == {
        "web": set(),
        "images": set(),
        "audit": {"web"},
        "authentication": {"audit", "images", "web"},
        "blog": {"audit", "authentication", "images", "web"},
        "api": {"audit", "authentication", "blog", "web"},
    }


def test_the_project_package_holds_only_configuration():
    files = {path.name for path in (ROOT / "fotoblog").iterdir() if path.is_file()}
    folders = {
        path.name
        for path in (ROOT / "fotoblog").iterdir()
        if path.is_dir() and path.name != "__pycache__"
    }
    assert files == CONFIGURATION
    assert not folders


def test_the_site_never_imports_test_support():
    importers = [
        str(path.relative_to(ROOT))
        for package in (*APPS, "fotoblog")
        for path in production_modules(package)
        if "testsupport" in imported_packages(path)
    ]
    assert not importers
