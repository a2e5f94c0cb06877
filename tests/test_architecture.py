"""The shape of the code, checked: layer contracts (import-linter), lint (ruff), SQL only in the
store, and no module reaching into another package's private names."""

import ast
import io
import re
import shutil
import subprocess
import sys
import tokenize
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
PACKAGE = REPO / "src" / "eventwire"
SQL = re.compile(r"\b(SELECT\b.+\bFROM|INSERT\s+INTO|DELETE\s+FROM|UPDATE\s+\w+\s+SET|CREATE\s+(TABLE|VIEW|INDEX))\b",
                 re.IGNORECASE | re.DOTALL)


def _tool(name: str) -> str:
    found = Path(sys.executable).with_name(name)
    path = str(found) if found.exists() else shutil.which(name)
    if path is None:
        pytest.fail(f"{name} is not installed: pip install -e '.[dev]'")
    return path


def test_layer_contracts_hold():
    result = subprocess.run([_tool("lint-imports")], cwd=REPO,
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stdout[-4000:] + result.stderr[-2000:]


def test_ruff_is_clean():
    result = subprocess.run([_tool("ruff"), "check", "src", "tests", "bench", "scripts"], cwd=REPO,
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stdout[-4000:] + result.stderr[-2000:]


def _modules():
    return sorted(p for p in PACKAGE.rglob("*.py") if "__pycache__" not in p.parts)


def test_sql_lives_in_the_store_only():
    found = []
    for path in _modules():
        if path.relative_to(PACKAGE).parts[0] == "store":
            continue
        tokens = tokenize.generate_tokens(io.StringIO(path.read_text(encoding="utf-8")).readline)
        for token in tokens:
            if token.type == tokenize.STRING and SQL.search(token.string):
                found.append(f"{path.relative_to(REPO)}:{token.start[0]}: {token.string[:60]}")
    assert not found, "SQL outside eventwire.store:\n" + "\n".join(found)


def _package_of(module: str) -> str:
    parts = module.split(".")
    return ".".join(parts[:2])


def test_no_module_imports_private_names_of_another_package():
    found = []
    for path in _modules():
        relative = path.relative_to(PACKAGE.parent).with_suffix("")
        module = ".".join(relative.parts[:-1] if relative.name == "__init__" else relative.parts)
        package = module if path.name == "__init__.py" else module.rsplit(".", 1)[0]
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.ImportFrom):
                continue
            if node.level:
                base = package.split(".")[: len(package.split(".")) - node.level + 1]
                source = ".".join(base + ([node.module] if node.module else []))
            else:
                source = node.module or ""
            if not source.startswith("eventwire") or _package_of(source) == _package_of(module):
                continue
            private = [alias.name for alias in node.names if alias.name.startswith("_")]
            if private or any(part.startswith("_") for part in source.split(".")):
                found.append(f"{path.relative_to(REPO)}:{node.lineno}: from {source} import {', '.join(private)}")
    assert not found, "\n".join(found)
