#!/usr/bin/env python3
"""Regenerates the LaminarDB golden trees under src/test/resources/dev/checkpointstore/core/golden.

Usage: regenerate.py ORACLE [JAVA_TREES]

ORACLE is the binary that laminardb-oracle's build.sh prints (LaminarDB's own manifest and
filesystem store behind a JSON command line). The tests never run it: they read what this script
stored. Every tree is written by LaminarDB itself (`oracle write`), damaged copies are derived from
those trees by the byte edits below, and LaminarDB's answers (`oracle report`) are stored beside
each tree as report.json.

JAVA_TREES, when given, is a directory of trees the Java store wrote
(`mvn -pl checkpoint-backend-tests -am test -Dtest=JavaWritesLaminarDbTest -Dsurefire.failIfNoSpecifiedTests=false -Dgolden.java.out=DIR`); the script
stores LaminarDB's canonical bytes of each of their manifests (`oracle canon`) as
java-written/<scenario>/<id>.json, the bytes the Java store must write.
"""
import json
import os
import shutil
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, "..", "resources", "dev", "checkpointstore", "core", "golden")


def oracle(*args):
    out = subprocess.run([ORACLE, *args], check=True, capture_output=True).stdout
    return json.loads(out)


def cps(tree):
    return os.path.join(tree, "checkpoints")


def copy(src, name):
    dst = os.path.join(OUT, name)
    shutil.copytree(src, dst)
    return dst


def edit(path, fn):
    with open(path, "rb") as f:
        data = f.read()
    with open(path, "wb") as f:
        f.write(fn(data))


def flip(data, at):
    b = bytearray(data)
    b[at] ^= 0x01
    return bytes(b)


def write(path, data):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "wb") as f:
        f.write(data)


def damaged(walk):
    """Damaged copies of the 'walk' tree (checkpoints 1..5, 2..5 with a sidecar)."""
    t = copy(walk, "damaged-flipped-sidecar")
    edit(f"{cps(t)}/checkpoint_000005/state.bin", lambda d: flip(d, len(d) // 2))
    edit(f"{cps(t)}/checkpoint_000004/state.bin", lambda d: flip(d, 0))

    t = copy(walk, "damaged-truncated-manifest")
    edit(f"{cps(t)}/checkpoint_000005/manifest.json", lambda d: d[: len(d) // 2])

    t = copy(walk, "damaged-deleted-sidecar")
    os.remove(f"{cps(t)}/checkpoint_000005/state.bin")

    t = copy(walk, "damaged-deleted-manifest")
    os.remove(f"{cps(t)}/checkpoint_000005/manifest.json")

    t = copy(walk, "damaged-epoch-zero")
    edit(f"{cps(t)}/checkpoint_000005/manifest.json", lambda d: d.replace(b'\n  "epoch": 5,', b'\n  "epoch": 0,', 1))

    t = copy(walk, "damaged-unpadded")
    os.rename(f"{cps(t)}/checkpoint_000005", f"{cps(t)}/checkpoint_5")
    shutil.copytree(f"{cps(t)}/checkpoint_000004", f"{cps(t)}/checkpoint_0000007")
    write(f"{cps(t)}/latest.txt", b"checkpoint_3\n")

    t = copy(walk, "damaged-stray")
    c = cps(t)
    write(f"{c}/checkpoint_000009", b"a file, not a directory")
    write(f"{c}/notes.txt", b"operator notes")
    shutil.copytree(f"{c}/checkpoint_000001", f"{c}/checkpoint_abc")
    shutil.copytree(f"{c}/checkpoint_000001", f"{c}/checkpoint_-8")
    shutil.copytree(f"{c}/checkpoint_000001", f"{c}/checkpoint_18446744073709551616")
    shutil.copytree(f"{c}/checkpoint_000001", f"{c}/checkpoint_")
    shutil.copytree(f"{c}/checkpoint_000001", f"{c}/checkpoint_000001.bak")
    write(f"{c}/checkpoint_000006/manifest.json.tmp", b'{"vers')  # a crash while writing the manifest
    write(f"{c}/checkpoint_000005/manifest.json.tmp", b'{"version": 1, "checkpoi')
    write(f"{c}/checkpoint_000003/state.bin.tmp", b"\x00\x01")
    write(f"{c}/latest.txt.tmp", b"checkpoint_000006")
    write(f"{c}/latest.txt.lock", b"")

    # Ids on both sides of 2^63, up to the largest u64: LaminarDB's manifests with only the id edited
    # (an inline checksum does not cover it).
    t = copy(os.path.join(OUT, "inline"), "huge-ids")
    c = cps(t)
    one = f"{c}/checkpoint_000001"
    for big in (9223372036854775807, 9223372036854775808, 18446744073709551615):
        shutil.copytree(one, f"{c}/checkpoint_{big}")
        edit(f"{c}/checkpoint_{big}/manifest.json",
             lambda d, big=big: d.replace(b'"checkpoint_id": 1,', b'"checkpoint_id": %d,' % big, 1))
    write(f"{c}/latest.txt", b"checkpoint_18446744073709551615")

    # Deliberate differences (README): LaminarDB accepts a manifest at another id's location and
    # aborts the walk on a manifest that is not UTF-8; the Java store skips both.
    t = copy(walk, "deviation-id-mismatch")
    shutil.copytree(f"{cps(t)}/checkpoint_000001", f"{cps(t)}/checkpoint_000006")

    t = copy(walk, "deviation-not-utf8")
    edit(f"{cps(t)}/checkpoint_000005/manifest.json", lambda d: d.replace(b'"src"', b'"s\xffc"', 1))


def manifest(i, body=None, raw=None):
    if raw is not None:
        return raw
    fields = {"version": 1, "checkpoint_id": i, "epoch": 1, "timestamp_ms": 1700000000000 + i, "vnode_count": 256}
    text = json.dumps(fields)[:-1]
    return (text + (", " + body if body else "") + "}").encode()


def nested(depth):
    return "[" * depth + "]" * depth


PARSE_CASES = [
    # (what, manifest text after the four required fields and vnode_count, or raw bytes)
    ("duplicate top-level field", '"epoch": 2'),
    ("duplicate operator name (map key)", '"operator_states": {"a": {"state_b64": "eA=="}, "a": {"state_b64": "eQ=="}}'),
    ("duplicate connector field", '"source_offsets": {"s": {"offsets": {}, "epoch": 1, "epoch": 2}}'),
    ("null vnode_count", None),
    ("null source_offsets", '"source_offsets": null'),
    ("null source_names", '"source_names": null'),
    ("null sink_epochs", '"sink_epochs": null'),
    ("null operator_states", '"operator_states": null'),
    ("null connector metadata", '"source_offsets": {"s": {"offsets": {}, "epoch": 1, "metadata": null}}'),
    ("connector without offsets", '"source_offsets": {"s": {"epoch": 1}}'),
    ("connector without epoch", '"source_offsets": {"s": {"offsets": {}}}'),
    ("connector without metadata", '"source_offsets": {"s": {"offsets": {"p": "1"}, "epoch": 1}}'),
    ("null optionals", '"watermark": null, "pipeline_hash": null, "state_checksum": null, "table_store_checkpoint_path": null'),
    ("null state_b64", '"operator_states": {"a": {"state_b64": null, "external": false}}'),
    ("null external_offset", '"operator_states": {"a": {"external": true, "external_offset": null, "external_length": 1}}'),
    ("null external", '"operator_states": {"a": {"external": null}}'),
    ("version u32 max", None),
    ("version over u32", None),
    ("Pending as map with null", '"sink_epochs": {"k": 1}, "sink_commit_statuses": {"k": {"Pending": null}}'),
    ("Committed as map with null", '"sink_epochs": {"k": 1}, "sink_commit_statuses": {"k": {"Committed": null}}'),
    ("Pending as map with a value", '"sink_commit_statuses": {"k": {"Pending": 1}}'),
    ("Failed as string", '"sink_commit_statuses": {"k": "Failed"}'),
    ("Failed with null", '"sink_commit_statuses": {"k": {"Failed": null}}'),
    ("Failed with two entries", '"sink_commit_statuses": {"k": {"Failed": "x", "Pending": null}}'),
    ("unknown status", '"sink_commit_statuses": {"k": "Done"}'),
    ("negative u64", '"sink_epochs": {"k": -1}'),
    ("minus zero u64", '"sink_epochs": {"k": -0}'),
    ("float u64", '"sink_epochs": {"k": 1.0}'),
    ("exponent u64", '"sink_epochs": {"k": 1e3}'),
    ("u64 overflow", '"sink_epochs": {"k": 18446744073709551616}'),
    ("i64 min watermark", '"watermark": -9223372036854775808'),
    ("i64 overflow watermark", '"watermark": 9223372036854775808'),
    ("vnode_count over u16", None),
    ("lone surrogate key", '"operator_states": {"\\ud800": {}}'),
    ("surrogate pair key", '"operator_states": {"\\ud83d\\ude00": {}}'),
    ("escaped slash and unicode", '"sink_names": ["a\\/b", "\\u00e9", "\\u0000"]'),
    ("raw control character", '"sink_names": ["a\tb"]'),
    ("trailing whitespace", None),
    ("trailing content", None),
    ("leading byte-order mark", None),
    ("empty object", None),
    ("top-level array", None),
    ("unknown scalar fields", '"future": 1, "later": "x", "flag": true, "none": null, "big": 1e400'),
    ("unknown field huge integer", '"future": 123456789012345678901234567890'),
    ("unknown field nested 120", f'"future": {nested(120)}'),
    ("unknown field nested 125", f'"future": {nested(125)}'),
    ("unknown field nested 126", f'"future": {nested(126)}'),
    ("unknown field nested 127", f'"future": {nested(127)}'),
    ("unknown field nested 128", f'"future": {nested(128)}'),
    ("unknown field in operator", '"operator_states": {"a": {"state_b64": "eA==", "shard": {"x": [1, 2]}}}'),
    ("unknown field nested deep in connector", f'"source_offsets": {{"s": {{"offsets": {{}}, "epoch": 1, "x": {nested(124)}}}}}'),
    ("unknown field nested too deep in connector", f'"source_offsets": {{"s": {{"offsets": {{}}, "epoch": 1, "x": {nested(125)}}}}}'),
    ("string where number", '"sink_epochs": {"k": "1"}'),
    ("number where string", '"sink_names": [1]'),
    ("external as string", '"operator_states": {"a": {"external": "true"}}'),
    ("comment", None),
    ("single quotes", None),
    ("leading zero", '"sink_epochs": {"k": 01}'),
    ("missing timestamp_ms", None),
    ("duplicate unknown field", '"future": 1, "future": 2'),
    ("empty key", '"operator_states": {"": {"state_b64": ""}}'),
]


def parse_cases():
    t = os.path.join(OUT, "parse-edge-cases")
    c = cps(t)
    index = []
    for n, (what, body) in enumerate(PARSE_CASES, start=1):
        raw = None
        base = manifest(n)
        if what == "null vnode_count":
            raw = base.replace(b'"vnode_count": 256', b'"vnode_count": null')
        elif what == "version u32 max":
            raw = base.replace(b'"version": 1', b'"version": 4294967295')
        elif what == "version over u32":
            raw = base.replace(b'"version": 1', b'"version": 4294967296')
        elif what == "vnode_count over u16":
            raw = base.replace(b'"vnode_count": 256', b'"vnode_count": 65536')
        elif what == "trailing whitespace":
            raw = base + b" \n\t\r\n"
        elif what == "trailing content":
            raw = base + b" {}"
        elif what == "leading byte-order mark":
            raw = b"\xef\xbb\xbf" + base
        elif what == "empty object":
            raw = b"{}"
        elif what == "top-level array":
            raw = b"[" + base + b"]"
        elif what == "comment":
            raw = base[:-1] + b" /* note */}"
        elif what == "single quotes":
            raw = base[:-1] + b", 'future': 1}"
        elif what == "missing timestamp_ms":
            raw = base.replace(b'"timestamp_ms": %d, ' % (1700000000000 + n), b"")
        elif what == "duplicate top-level field":
            raw = manifest(n, body)
        write(f"{c}/checkpoint_{n:06d}/manifest.json", raw if raw is not None else manifest(n, body))
        index.append({"id": n, "case": what})
    write(f"{c}/latest.txt", b"checkpoint_%06d" % len(PARSE_CASES))
    with open(os.path.join(t, "cases.json"), "w") as f:
        json.dump(index, f, indent=1, ensure_ascii=False)
        f.write("\n")


def java_written(java_trees):
    out = os.path.join(OUT, "java-written")
    shutil.rmtree(out, ignore_errors=True)
    for scenario in sorted(os.listdir(java_trees)):
        tree = os.path.join(java_trees, scenario)
        for id_ in oracle("list-ids", tree):
            canon = oracle("canon", tree, str(id_))
            write(os.path.join(out, scenario, f"{id_}.json"), canon["canon"].encode())


def main():
    global ORACLE
    ORACLE = os.path.abspath(sys.argv[1])
    if len(sys.argv) > 2:
        java_written(os.path.abspath(sys.argv[2]))
        return
    for name in os.listdir(OUT) if os.path.isdir(OUT) else []:
        if name not in ("README.md", "java-written"):
            shutil.rmtree(os.path.join(OUT, name))
    os.makedirs(OUT, exist_ok=True)
    for scenario in oracle("scenarios"):
        oracle("write", os.path.join(OUT, scenario), scenario)
    damaged(os.path.join(OUT, "walk"))
    parse_cases()
    for name in sorted(os.listdir(OUT)):
        tree = os.path.join(OUT, name)
        if os.path.isdir(os.path.join(tree, "checkpoints")):
            report = oracle("report", tree)
            with open(os.path.join(tree, "report.json"), "w") as f:
                json.dump(report, f, indent=1, ensure_ascii=False, sort_keys=True)
                f.write("\n")


if __name__ == "__main__":
    main()
