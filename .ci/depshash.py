"""Print the sha256 of pyproject.toml's dependency lists (what requirements.lock was compiled from).

.ci/lock writes it into requirements.lock's header; .ci/setup recomputes it and refuses a lock
whose recorded hash differs (the lock is older than the dependency list). Only the lists count:
editing pyproject.toml's other fields does not make the lock stale.
"""
import hashlib
import json
import sys
import tomllib

with open(sys.argv[1] if len(sys.argv) > 1 else "pyproject.toml", "rb") as f:
    data = tomllib.load(f)
project = data.get("project", {})
lists = {
    "build-system.requires": data.get("build-system", {}).get("requires", []),
    "dependencies": project.get("dependencies", []),
    "optional-dependencies.test": project.get("optional-dependencies", {}).get("test", []),
    "requires-python": project.get("requires-python", ""),
}
print(hashlib.sha256(json.dumps(lists, sort_keys=True).encode()).hexdigest())
