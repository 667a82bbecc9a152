"""The Nu Html Checker (vnu.jar, from the npm registry) run with the machine's Java.

The jar is installed with npm at the pinned version into .data/node/ (git-ignored) on first use.
Where Java or npm is missing the calling test is skipped with one line saying how to enable it;
with GVALLEY_REQUIRE_VALIDATOR=1 (set by .ci/run) it fails instead.
"""

import fcntl
import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest
from django.conf import settings

VNU_VERSION = "26.9.27"
NODE_PREFIX = Path(settings.BASE_DIR) / ".data" / "node"
PACKAGE = NODE_PREFIX / "node_modules" / "vnu-jar"
JAR = PACKAGE / "build" / "dist" / "vnu.jar"


def _unavailable(reason):
    if os.environ.get("GVALLEY_REQUIRE_VALIDATOR") == "1":
        pytest.fail(f"{reason}, and GVALLEY_REQUIRE_VALIDATOR=1.")
    pytest.skip(f"{reason}: apt-get install default-jre-headless npm to validate the HTML.")


def _installed_version():
    try:
        return json.loads((PACKAGE / "package.json").read_text())["version"]
    except (OSError, ValueError, KeyError):
        return None


def vnu_jar():
    """Return the path of the pinned vnu.jar, installing it with npm if needed."""
    if not shutil.which("java"):
        _unavailable("No Java found")
    NODE_PREFIX.mkdir(parents=True, exist_ok=True)
    # Parallel test workers install it once: the first takes the lock, the others wait.
    with open(NODE_PREFIX / ".install-lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if _installed_version() != VNU_VERSION or not JAR.exists():
            npm = shutil.which("npm")
            if not npm:
                _unavailable("No npm found to install vnu-jar")
            subprocess.run(
                [
                    npm,
                    "install",
                    "--prefix",
                    str(NODE_PREFIX),
                    "--no-save",
                    "--no-audit",
                    "--no-fund",
                    "--ignore-scripts",  # its postinstall downloads a Java runtime; Debian's is used
                    f"vnu-jar@{VNU_VERSION}",
                ],
                check=True,
                capture_output=True,
            )
    return JAR


def check(paths, css=False):
    """Return the checker's error messages for these files or folders (HTML, or CSS with css=True)."""
    command = ["java", "-jar", str(vnu_jar()), "--format", "json", "--errors-only", "--stdout"]
    if css:
        command.append("--css")
    result = subprocess.run(
        [*command, *map(str, paths)], capture_output=True, text=True, encoding="utf-8"
    )
    try:
        return json.loads(result.stdout)["messages"]
    except (ValueError, KeyError):
        raise AssertionError(
            f"The Nu Html Checker did not answer (exit {result.returncode}): {result.stderr[-2000:]}"
        ) from None
