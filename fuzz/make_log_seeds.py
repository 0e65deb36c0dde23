#!/usr/bin/env python3
"""Writes the binary seeds of the mlflow_sqlite and log_folder fuzz targets (each under 4 KB).

fuzz/seeds/mlflow_sqlite/: MLflow SQLite stores with the schema of tests/mlflow_fixture.hpp, in
  512-byte pages so that they stay small: one run; two runs, one deleted, with NaN and infinity.
fuzz/seeds/log_folder/: trees in the form read_log_folder decodes (fuzz/fuzz_targets.cpp): an
  operation byte and a name byte per entry; the name table below must match kTreeNames there.
"""
import pathlib
import re
import sqlite3
import struct
import sys

ROOT = pathlib.Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "scripts"))
from tfevents import field_bytes, field_double, field_float, field_varint  # noqa: E402

NAMES = ["events.out.tfevents.1700000000.host", "events.out.tfevents.1700000001.host", "metrics.csv", "train",
         "validation", "eval", "version_0", "version_1", "version_10", "meta.yaml", "metrics", "loss", "val_loss",
         "0", "r1", "tags", "mlflow.runName", ".trash", "models", "notes.txt", "\x1b[31mrun", "bad\\xff"]
FILE, FOLDER, LINK, UP, FRAMED = 0, 1, 2, 3, 4

RUN_META = (b"artifact_uri: file:///tmp/mlruns/0/r1/artifacts\nend_time: 1700000100000\nexperiment_id: '0'\n"
            b"lifecycle_stage: active\nrun_id: r1\nrun_name: fuzz-run\nstart_time: 1700000000000\nstatus: 3\n")


def schema():
    text = (ROOT / "tests" / "mlflow_fixture.hpp").read_text()
    return re.search(r'R"sql\((.*?)\)sql"', text, re.S).group(1)


def database(path, statements):
    path.unlink(missing_ok=True)
    db = sqlite3.connect(path)
    db.execute("PRAGMA page_size = 512")
    db.executescript(schema())
    for statement in statements:
        db.execute(statement)
    db.commit()
    db.execute("VACUUM")
    db.close()


def run(run_id, name, start, lifecycle="active"):
    return (f"INSERT INTO runs VALUES ('{run_id}', '{name}', 'LOCAL', '', '', 'student', 'FINISHED', {start}, "
            f"{start + 1000}, NULL, '', '{lifecycle}', 'mlflow-artifacts:/0/{run_id}/artifacts', 0)")


def metric(run_id, key, value, step, is_nan=0):
    return f"INSERT INTO metrics VALUES ('{key}', {value}, {1700000000000 + step}, '{run_id}', {step}, {is_nan})"


def entry(op, name, payload=b""):
    return bytes([op, NAMES.index(name)]) + payload


def file(name, content, framed=False):
    return entry(FILE | (FRAMED if framed else 0), name, struct.pack("<H", len(content)) + content)


def event_chunks(tag, values):
    """Events as [uint16 length, data] chunks, which the target frames into records."""
    events = [field_double(1, 1700000000.0) + field_bytes(3, b"brain.Event:2")]
    for step, value in enumerate(values):
        summary = field_bytes(1, field_bytes(1, tag) + field_float(2, value))
        events.append(field_double(1, 1700000001.0 + step) + field_varint(2, step) + field_bytes(5, summary))
    return b"".join(struct.pack("<H", len(e)) + e for e in events)


def main():
    sqlite_seeds = ROOT / "fuzz" / "seeds" / "mlflow_sqlite"
    sqlite_seeds.mkdir(parents=True, exist_ok=True)
    database(sqlite_seeds / "one-run.db",
             [run("r1", "fuzz-run", 1700000000000)] + [metric("r1", "loss", 1.0 / (s + 1), s) for s in range(3)])
    database(sqlite_seeds / "deleted-nan-infinity.db",
             [run("r1", "fuzz-run", 1700000000000), run("r2", "old", 1600000000000, "deleted"),
              metric("r1", "train/loss", 0, 0, 1), metric("r1", "train/loss", 1.7976931348623157e308, 1),
              metric("r1", "val_loss", -1.7976931348623157e308, 0), metric("r1", "val_loss", 0.5, 1),
              metric("r2", "loss", 2, 0)])

    tree_seeds = ROOT / "fuzz" / "seeds" / "log_folder"
    tree_seeds.mkdir(parents=True, exist_ok=True)
    seeds = {
        # A Keras layout: train/ and validation/ split folders, each with an event file.
        "keras-splits.bin": entry(FOLDER, "train") + file(NAMES[0], event_chunks(b"epoch_loss", [1.0, 0.5]), True)
        + entry(UP, "train") + entry(FOLDER, "validation")
        + file(NAMES[1], event_chunks(b"epoch_loss", [1.1, 0.9]), True),
        # Two TensorBoard runs, and a symlink to an outside event file (target 7 + 2).
        "runs-and-link.bin": entry(FOLDER, "version_0") + file(NAMES[0], event_chunks(b"train/loss", [2, 1]), True)
        + entry(UP, "version_0") + entry(FOLDER, "version_1") + file(NAMES[1], event_chunks(b"loss", [3, 2]), True)
        + entry(LINK, NAMES[0], bytes([9])) + entry(UP, "version_1") + entry(LINK, "eval", bytes([0])),
        # Lightning's CSVLogger: version_N/metrics.csv, and a version folder linked outside.
        "lightning-versions.bin": entry(FOLDER, "version_0")
        + file("metrics.csv", b"epoch,step,train_loss,val_loss\n0,9,1.0,\n0,9,,1.2\n1,19,0.5,\n1,19,,0.9\n")
        + entry(UP, "version_0") + entry(FOLDER, "version_10") + file("metrics.csv", b"epoch,loss\n0,1\n1,0.5\n")
        + entry(UP, "version_10") + entry(LINK, "version_1", bytes([7])),
        # An MLflow file store, mlruns/0/r1, with a run linked outside beside it.
        "mlflow-store.bin": entry(FOLDER, "0") + entry(FOLDER, "r1") + file("meta.yaml", RUN_META)
        + entry(FOLDER, "metrics") + file("loss", b"1700000000000 1.0 0\n1700000001000 0.5 1\n")
        + entry(FOLDER, "train") + file("val_loss", b"1700000000000 1.5\n1700000001000 nan\n")
        + entry(UP, "train") + entry(UP, "metrics") + entry(UP, "r1") + entry(LINK, "version_0", bytes([11])),
    }
    for name, data in seeds.items():
        (tree_seeds / name).write_bytes(data)


if __name__ == "__main__":
    main()
