"""The facts store's encoding: its bytes are pinned, and a store written by one Python is read by another."""

import json
import os
import subprocess
import sys
import sysconfig
from pathlib import Path

import pytest

from clew.core.index.build import index_vault
from clew.core.index.store import STORE_FILE_NAME, FactsStore
from clew.core.index.store_codec import decode_facts, encode_facts
from clew.core.notes.parsing import parse_note
from clew.core.vault.files import Vault

KNOWN_NOTE = "---\naliases: [Centre]\ntags: [map]\n---\n# Hub\nSee [[n1#Intro|one]] and [two](sub/n2.md). ^anchor\n"
# msgpack: an array of 12 (title, five link columns, three heading columns, tags, aliases,
# block ids), enums by value. Changing these bytes means a new STORE_FORMAT.
KNOWN_ROW = (
    b"\x9c\xa3Hub"
    b"\x92\xa8wikilink\xa8markdown" b"\x92\xa2n1\xa9sub/n2.md" b"\x92\xa5Intro\xa0" b"\x92\xa3one\xa3two" b"\x92\x06\x06"
    b"\x91\x01" b"\x91\xa3Hub" b"\x91\x05"
    b"\x91\xa3map" b"\x91\xa6Centre" b"\x91\xa6anchor"
)

# Debian 12's own Python (3.11.2) pickled enums through builtins.getattr, which the store refused.
OTHER_PYTHON = Path("/usr/bin/python3.11")


def test_a_known_note_is_encoded_as_pinned_bytes():
    facts = parse_note(KNOWN_NOTE, "hub.md")
    assert encode_facts(facts) == KNOWN_ROW
    assert decode_facts(KNOWN_ROW) == facts


def test_names_that_are_not_utf8_and_lone_surrogates_round_trip():
    facts = parse_note("# caf\udce9\n[[caf\udce9]] [[\ud800]]\n", "caf\udce9.md")
    assert decode_facts(encode_facts(facts)) == facts


def _other_python_differs() -> bool:
    if not OTHER_PYTHON.exists():
        return False
    found = subprocess.run([OTHER_PYTHON, "-c", "import sys; print(sys.version)"], capture_output=True, text=True)
    return found.returncode == 0 and found.stdout.strip() != sys.version


needs_other_python = pytest.mark.skipif(not _other_python_differs(),
                                        reason=f"no other Python 3.11 at {OTHER_PYTHON}")

# Run by either Python: index the vault (argv[1]) into the store (argv[2]) when argv[3] is
# "write"; then print what the store holds, as read back without reading any note, and
# whether the store was started afresh.
HELD = """
import json, logging, sys
from clew.core.index.build import index_vault
from clew.core.index.store import FactsStore
from clew.core.vault.files import Vault

class Afresh(logging.Handler):
    def emit(self, record):
        found["rebuilt"].append(record.getMessage())

found = {"version": sys.version, "rebuilt": []}
logging.getLogger("clew.core.index.store").addHandler(Afresh())
store = FactsStore(sys.argv[2])
if sys.argv[3] == "write":
    index_vault(Vault(sys.argv[1]), store=store)
snapshot = store.load_snapshot()
found["titles"] = {path: row.facts.title for path, row in sorted(store.load().items())}
found["snapshot"] = sorted(snapshot.notes) if snapshot is not None else None
print(json.dumps(found))
"""


def held(python: Path | str, vault: Path, store_path: Path, action: str) -> dict:
    """Run HELD under ``python`` with this venv's packages (the same ABI, so msgpack's C module
    loads under the other Python too) and this checkout's source."""
    path = os.pathsep.join([str(Path(__file__).parents[3] / "src"), sysconfig.get_paths()["purelib"]])
    found = subprocess.run([python, "-c", HELD, vault, store_path, action], capture_output=True, text=True,
                           env={**os.environ, "PYTHONPATH": path}, timeout=120)
    assert found.returncode == 0, found.stderr
    return json.loads(found.stdout)


EXPECTED = {"rebuilt": [], "titles": {"café.md": "Café", "hub.md": "Hub", "n1.md": "One"},
            "snapshot": ["café.md", "hub.md", "n1.md"]}


@pytest.fixture
def vault(tmp_path):
    root = tmp_path / "vault"
    root.mkdir()
    (root / "hub.md").write_text("# Hub\n[[n1]] [[café]]\n")
    (root / "n1.md").write_text("---\ntags: [x]\n---\n# One\n[[hub#Hub]]\n")
    (root / "café.md").write_text("# Café\n[link](hub.md)\n")
    return root


@needs_other_python
def test_a_store_written_by_this_python_is_read_by_debians(vault, tmp_path):
    store_path = tmp_path / STORE_FILE_NAME
    index_vault(Vault(vault), store=FactsStore(store_path))
    found = held(OTHER_PYTHON, vault, store_path, "read")
    assert found.pop("version") != sys.version
    assert found == EXPECTED


@needs_other_python
def test_a_store_written_by_debians_python_is_read_by_this_one(vault, tmp_path):
    store_path = tmp_path / STORE_FILE_NAME
    written = held(OTHER_PYTHON, vault, store_path, "write")
    assert written.pop("version") != sys.version
    assert written == EXPECTED  # read back by the Python that wrote it, too
    found = held(sys.executable, vault, store_path, "read")
    found.pop("version")
    assert found == EXPECTED
