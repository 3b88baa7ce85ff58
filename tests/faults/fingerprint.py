"""Prints what an environment is, from its files, as JSON: the fault-injection suite's judge.

Independent of the doctor's own reader: every distribution importlib.metadata finds (duplicates
included), the top-level entries of site-packages, every RECORD file checked against its sha256
(compiled caches left out), and the module the repair is about, imported for real.
Usage: python fingerprint.py MODULE (run with the environment's own interpreter).
"""
import base64
import hashlib
import importlib
import importlib.metadata
import json
import os
import sys
import sysconfig

site = sysconfig.get_paths()["purelib"]
def label(dist):
    name = dist.metadata["Name"] if dist.metadata is not None else None
    # A dist-info cut short (no METADATA) is named by its folder, so it shows as a difference.
    return f"{name.lower()}=={dist.version}" if name else f"?{os.path.basename(str(getattr(dist, '_path', '')))}"


dists = sorted(label(d) for d in importlib.metadata.distributions(path=[site]))
entries = sorted(e for e in os.listdir(site) if e != "__pycache__")
bad = []
for dist in importlib.metadata.distributions(path=[site]):
    try:
        files = dist.files or []
    except Exception as error:  # a RECORD that does not parse
        bad.append(f"{label(dist)}: RECORD unreadable: {error}")
        continue
    for f in files:
        if f.hash is None or str(f).endswith(".pyc"):
            continue
        full = os.path.normpath(os.path.join(site, str(f)))
        try:
            with open(full, "rb") as handle:
                digest = base64.urlsafe_b64encode(hashlib.new(f.hash.mode, handle.read()).digest()).rstrip(b"=").decode()
        except OSError as error:
            bad.append(f"{f}: {error.strerror}")
            continue
        if digest != f.hash.value:
            bad.append(f"{f}: altered")
try:
    module = importlib.import_module(sys.argv[1])
    imported = getattr(module, "version", None)
    imported = ".".join(map(str, imported)) if isinstance(imported, tuple) else str(imported)
except Exception as error:  # the verdict, not a crash of the judge
    imported = f"fails: {type(error).__name__}: {error}"
print(json.dumps({"dists": dists, "entries": entries, "badFiles": bad, "imported": imported}))
