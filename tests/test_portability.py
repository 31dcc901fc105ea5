"""The package runs where readers run it: no module that exists on one operating system only.

A reader on Windows downloads a chapter and runs it; an import of ``resource`` (Unix only) made
the language-model notebook fail there. The standard library's platform-bound modules are listed
in its documentation ("Unix Specific Services", "MS Windows Specific Services").
"""

import ast
from pathlib import Path

import lstm_explained

PLATFORM_ONLY = {
    # Unix only
    "resource",
    "fcntl",
    "termios",
    "tty",
    "pty",
    "pwd",
    "grp",
    "posix",
    "syslog",
    "crypt",
    "spwd",
    "nis",
    "curses",
    "readline",
    # Windows only
    "msvcrt",
    "winreg",
    "winsound",
    "_winapi",
}


def imported_modules(path: Path) -> set[str]:
    """The top-level names of every module imported anywhere in the file ``path``."""
    names = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names |= {alias.name.split(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names.add(node.module.split(".")[0])
    return names


def test_no_platform_only_import():
    root = Path(lstm_explained.__file__).parent
    found = {
        str(path.relative_to(root)): sorted(imported_modules(path) & PLATFORM_ONLY)
        for path in sorted(root.rglob("*.py"))
    }
    assert {path: names for path, names in found.items() if names} == {}
