"""A PEP 517 build backend for this one-module package, in the tree so `pip install` needs nothing from an index
(no setuptools, no wheel): it writes the wheel (a zip of sweepboard.py and its .dist-info) by the wheel spec."""

import base64
import hashlib
import json
import os
import re
import tarfile
import zipfile

NAME = "sweepboard"
HERE = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
# A string field of pyproject.toml's [project] table, one line: key = "basic string" (an optional comment after).
_FIELD = re.compile(r'^([A-Za-z0-9_-]+)\s*=\s*("(?:[^"\\]|\\.)*")\s*(?:#.*)?$')


def _version():
    with open(os.path.join(HERE, "sweepboard.py"), encoding="utf-8") as f:
        for line in f:
            if line.startswith("__version__"):
                return line.split("=", 1)[1].strip().strip("\"'")
    raise RuntimeError("sweepboard.py has no __version__")


def _project():
    """The string fields of pyproject.toml's [project] table: the one place the package's metadata is decided.
    The server writes the same wheel for remote machines (lib/server/python-client.ts reads these fields by the
    same rule, and tests/unit/server/python-wheel.test.ts compares the two wheels)."""
    fields = {}
    section = None
    with open(os.path.join(HERE, "pyproject.toml"), encoding="utf-8") as f:
        for raw in f:
            line = raw.strip()
            if line.startswith("["):
                section = line
                continue
            match = _FIELD.match(line) if section == "[project]" else None
            if match:
                fields[match.group(1)] = json.loads(match.group(2))
    for key in ("name", "description", "readme", "requires-python"):
        if key not in fields:
            raise RuntimeError('pyproject.toml [project] has no %s = "..." line' % key)
    return fields


def _metadata(version):
    project = _project()
    with open(os.path.join(HERE, project["readme"]), encoding="utf-8") as f:
        readme = f.read()
    content_type = "text/markdown" if project["readme"].endswith(".md") else "text/plain"
    return "Metadata-Version: 2.1\nName: %s\nVersion: %s\nSummary: %s\nRequires-Python: %s\nDescription-Content-Type: %s\n\n%s" % (
        project["name"],
        version,
        project["description"],
        project["requires-python"],
        content_type,
        readme,
    )


def _record_line(path, data):
    digest = base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=").decode()
    return "%s,sha256=%s,%d" % (path, digest, len(data))


def _wheel(wheel_directory, editable=False):
    version = _version()
    dist_info = "%s-%s.dist-info" % (NAME, version)
    name = "%s-%s-py3-none-any.whl" % (NAME, version)
    files = []
    if editable:
        files.append(("%s.pth" % NAME, (HERE + "\n").encode()))
    else:
        with open(os.path.join(HERE, "sweepboard.py"), "rb") as f:
            files.append(("sweepboard.py", f.read()))
    files.append((dist_info + "/METADATA", _metadata(version).encode()))
    files.append((dist_info + "/WHEEL", b"Wheel-Version: 1.0\nGenerator: sweepboard_build\nRoot-Is-Purelib: true\nTag: py3-none-any\n"))
    files.append((dist_info + "/top_level.txt", b"sweepboard\n"))
    record = [_record_line(p, d) for p, d in files] + [dist_info + "/RECORD,,"]
    files.append((dist_info + "/RECORD", ("\n".join(record) + "\n").encode()))
    with zipfile.ZipFile(os.path.join(wheel_directory, name), "w", zipfile.ZIP_DEFLATED) as z:
        for path, data in files:
            z.writestr(path, data)
    return name


def build_wheel(wheel_directory, config_settings=None, metadata_directory=None):
    return _wheel(wheel_directory)


def build_editable(wheel_directory, config_settings=None, metadata_directory=None):
    return _wheel(wheel_directory, editable=True)


def build_sdist(sdist_directory, config_settings=None):
    base = "%s-%s" % (NAME, _version())
    name = base + ".tar.gz"
    with tarfile.open(os.path.join(sdist_directory, name), "w:gz") as tar:
        for rel in ("pyproject.toml", "README.md", "sweepboard.py", "_build/sweepboard_build.py"):
            tar.add(os.path.join(HERE, rel), arcname="%s/%s" % (base, rel))
    return name


def get_requires_for_build_wheel(config_settings=None):
    return []


def get_requires_for_build_sdist(config_settings=None):
    return []


def get_requires_for_build_editable(config_settings=None):
    return []
