"""Build the advisory snapshot that ships inside pavedroad (src/pavedroad/vulndb/data/).

    .venv/bin/python scripts/build_vulndb_snapshot.py [--osv DIR] [--output DIR]

Reads the offline OSV data set (../shared/data/osv: one gzip JSON Lines file per ecosystem)
and writes, for the ecosystems pavedroad scans:

- osv-snapshot.jsonl.gz: one compact OSV record per line, sorted by id: ids, aliases,
  related/upstream ids, affected packages with their ranges and version lists, severity
  vectors and ratings, summary, the five most useful references. Long `details`, credits
  and database-specific extras are dropped; so are withdrawn records (never reported) and
  records that name no package (GIT-only). Byte-for-byte reproducible (gzip mtime 0).
- snapshot.json: the data date (newest plausible `modified`), counts, and each source
  file's sha256, repository, commit and licence (no build time, so a rebuild of the same
  data changes nothing).
- ATTRIBUTION.md: the licence notices the sources require, and LICENSE-Apache-2.0.txt
  (the R Consortium's CRAN advisories are Apache-2.0, which requires the licence text).
"""

from __future__ import annotations

import argparse
import gzip
import hashlib
import json
import os
import shutil
import sys
from collections import Counter
from pathlib import Path

REPOSITORY = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPOSITORY / "src"))

from pavedroad.vulndb.freshness import parse_timestamp, trustworthy  # noqa: E402
from pavedroad.vulndb.osv import advisory_to_osv, parse_advisory  # noqa: E402
from pavedroad.vulndb.snapshot import DATA, SNAPSHOT_FILE, SNAPSHOT_INFO_FILE  # noqa: E402

DEFAULT_OSV = Path(os.environ.get("PAVEDROAD_SHARED", REPOSITORY.parent / "shared")) / "data" / "osv"
APACHE_LICENSE_TEXT = Path("/usr/share/common-licenses/Apache-2.0")
MAX_REFERENCES = 5
# Files whose ecosystems pavedroad's parsers produce components for. Bitnami (container
# images' bundled apps) and OSS-Fuzz (C/C++ projects by git tag) are left to `db import`.
INCLUDED_FILES = (
    "PyPI.jsonl.gz", "Go.jsonl.gz", "crates.io.jsonl.gz", "AlmaLinux.jsonl.gz",
    "Julia.jsonl.gz", "Hackage.jsonl.gz", "GHC.jsonl.gz", "CRAN.jsonl.gz",
)  # fmt: skip
SOURCE_KEYS = {
    "PyPI.jsonl.gz": ("pypa", "ossfuzz"),
    "Go.jsonl.gz": ("go",),
    "crates.io.jsonl.gz": ("rustsec",),
    "AlmaLinux.jsonl.gz": ("alma",),
    "Julia.jsonl.gz": ("julia",),
    "Hackage.jsonl.gz": ("haskell",),
    "GHC.jsonl.gz": ("haskell",),
    "CRAN.jsonl.gz": ("rsec",),
}
CHANGES = (
    "Changes: YAML was converted to JSON; records were re-serialised as one-line JSON and gathered into "
    "one gzip file; withdrawn records and records without a package were removed; only the facts needed "
    "for matching were kept (long `details`, credits and database-specific fields were dropped, and at most "
    f"{MAX_REFERENCES} references per record). No kept value was changed."
)
NOTICES = {
    "pypa": '"Python Packaging Advisory Database" by the Python Packaging Authority and contributors, '
    "https://github.com/pypa/advisory-database, licensed under CC BY 4.0 "
    "(https://creativecommons.org/licenses/by/4.0/).",
    "ossfuzz": '"OSS-Fuzz vulnerabilities" by Google LLC and the OSS-Fuzz project (the `OSV-*` records for '
    "PyPI packages), https://github.com/google/oss-fuzz-vulns, licensed under CC BY 4.0 "
    "(https://creativecommons.org/licenses/by/4.0/).",
    "go": '"Go Vulnerability Database" by The Go Authors, https://github.com/golang/vulndb '
    "(https://go.dev/security/vuln/database), entries licensed under CC BY 4.0 "
    "(https://creativecommons.org/licenses/by/4.0/).",
    "rustsec": "RustSec Advisory Database, https://github.com/rustsec/advisory-db (`osv` branch), CC0-1.0 "
    "(public domain dedication). The records whose `database_specific.license` is CC-BY-4.0 are adapted from "
    '"GitHub Advisory Database" by GitHub, Inc., licensed under CC BY 4.0 '
    "(https://creativecommons.org/licenses/by/4.0/), and keep their GHSA alias.",
    "alma": "AlmaLinux OSV database, https://github.com/AlmaLinux/osv-database. MIT License, Copyright (c) 2023 "
    'AlmaLinux OS. "Permission is hereby granted, free of charge, to any person obtaining a copy of this '
    'software and associated documentation files (the "Software"), to deal in the Software without '
    "restriction, including without limitation the rights to use, copy, modify, merge, publish, distribute, "
    "sublicense, and/or sell copies of the Software, and to permit persons to whom the Software is furnished "
    "to do so, subject to the following conditions: The above copyright notice and this permission notice "
    'shall be included in all copies or substantial portions of the Software. THE SOFTWARE IS PROVIDED "AS '
    'IS", WITHOUT WARRANTY OF ANY KIND, EXPRESS OR IMPLIED, INCLUDING BUT NOT LIMITED TO THE WARRANTIES OF '
    "MERCHANTABILITY, FITNESS FOR A PARTICULAR PURPOSE AND NONINFRINGEMENT. IN NO EVENT SHALL THE AUTHORS OR "
    "COPYRIGHT HOLDERS BE LIABLE FOR ANY CLAIM, DAMAGES OR OTHER LIABILITY, WHETHER IN AN ACTION OF CONTRACT, "
    "TORT OR OTHERWISE, ARISING FROM, OUT OF OR IN CONNECTION WITH THE SOFTWARE OR THE USE OR OTHER DEALINGS "
    'IN THE SOFTWARE."',
    "julia": '"SecurityAdvisories.jl" advisories by JuliaHub Inc. and contributors, '
    "https://github.com/JuliaLang/SecurityAdvisories.jl (`generated/osv` branch), licensed under CC BY 4.0 "
    "(https://creativecommons.org/licenses/by/4.0/).",
    "haskell": "Haskell Security Response Team advisories, https://github.com/haskell/security-advisories "
    "(`generated/osv-export` branch), CC0-1.0 (public domain dedication).",
    "rsec": "R Consortium Advisory Database, https://github.com/RConsortium/r-advisory-database, licensed under "
    "the Apache License 2.0 (http://www.apache.org/licenses/LICENSE-2.0); the licence text is in "
    "LICENSE-Apache-2.0.txt beside this file.",
}


def compact_records(path: Path, dropped: Counter[str]) -> list[tuple[str, str, str]]:
    """(id, modified, compact JSON line) for each record worth shipping."""
    kept = []
    with gzip.open(path, "rt", encoding="utf-8") as stream:
        for line in stream:
            advisory = parse_advisory(json.loads(line))
            if advisory.withdrawn is not None:
                dropped["withdrawn"] += 1
            elif not advisory.affected:
                dropped["no package"] += 1
            else:
                record = advisory_to_osv(advisory, max_references=MAX_REFERENCES)
                kept.append((advisory.id, advisory.modified, json.dumps(record, separators=(",", ":"), sort_keys=True)))
    return kept


def attribution(source_keys: list[str], sources: dict[str, dict[str, str]]) -> str:
    lines = [
        "# Advisory data shipped with pavedroad: attribution",
        "",
        "`osv-snapshot.jsonl.gz` is derived from the public advisory databases below (OSV format).",
        CHANGES,
        "",
    ]
    for key in source_keys:
        commit = sources.get(key, {})
        where = f" Snapshot: commit `{commit['commit']}` ({commit['commit_date']})." if commit.get("commit") else ""
        lines.append(f"- {NOTICES[key]}{where}")
    return "\n".join(lines) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--osv", type=Path, default=DEFAULT_OSV, help="directory of the OSV data set")
    parser.add_argument("--output", type=Path, default=DATA, help="where to write the snapshot")
    arguments = parser.parse_args()

    catalogue = json.loads((arguments.osv / "SOURCES.json").read_text(encoding="utf-8"))
    sources: dict[str, dict[str, str]] = catalogue.get("sources", {})
    # "Now" for plausibility is when the data was gathered, so typo'd future dates stay out.
    gathered = max(filter(None, (parse_timestamp(s.get("commit_date")) for s in sources.values())), default=None)
    dropped: Counter[str] = Counter()
    records: list[tuple[str, str, str]] = []
    source_facts = []
    for name in INCLUDED_FILES:
        path = arguments.osv / name
        kept = compact_records(path, dropped)
        records.extend(kept)
        source_facts.append(
            {
                "file": name,
                "sha256": hashlib.sha256(path.read_bytes()).hexdigest(),
                "records": len(kept),
                "sources": [
                    {
                        key: sources.get(source, {}).get(key)
                        for key in ("name", "repo", "commit", "commit_date", "licence")
                    }
                    for source in SOURCE_KEYS[name]
                ],
            }
        )
        print(f"{name}: {len(kept)} records", file=sys.stderr)
    records.sort()
    dated = [(moment, modified) for _, modified, _ in records if (moment := trustworthy(modified, gathered))]
    newest = max(dated)[1] if dated else None
    ecosystems: Counter[str] = Counter()
    for _, _, line in records:
        ecosystems.update({entry["package"]["ecosystem"] for entry in json.loads(line)["affected"]})

    arguments.output.mkdir(parents=True, exist_ok=True)
    snapshot = arguments.output / SNAPSHOT_FILE.name
    with open(snapshot, "wb") as raw, gzip.GzipFile(fileobj=raw, mode="wb", compresslevel=9, mtime=0) as stream:
        for _, _, line in records:
            stream.write(line.encode("utf-8") + b"\n")
    info = {
        "data_date": newest,
        "records": len(records),
        "dropped": dict(sorted(dropped.items())),
        "ecosystems": dict(sorted(ecosystems.items())),
        "sources": source_facts,
    }
    (arguments.output / SNAPSHOT_INFO_FILE.name).write_text(json.dumps(info, indent=1) + "\n", encoding="utf-8")
    keys = list(dict.fromkeys(key for name in INCLUDED_FILES for key in SOURCE_KEYS[name]))
    (arguments.output / "ATTRIBUTION.md").write_text(attribution(keys, sources), encoding="utf-8")
    licence = arguments.output / "LICENSE-Apache-2.0.txt"
    if APACHE_LICENSE_TEXT.is_file():
        shutil.copyfile(APACHE_LICENSE_TEXT, licence)
    elif not licence.is_file():
        sys.exit(f"{APACHE_LICENSE_TEXT}: the Apache-2.0 licence text is needed for the CRAN advisories")
    size = snapshot.stat().st_size / 1e6
    print(f"wrote {snapshot} ({size:.2f} MB, {len(records)} records, data up to {newest})", file=sys.stderr)


if __name__ == "__main__":
    main()
