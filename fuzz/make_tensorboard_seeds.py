#!/usr/bin/env python3
"""Writes the seeds of the tensorboard fuzz target into fuzz/seeds/tensorboard/ (each under 2 KB).

events.tfevents: a small event file with every scalar encoding the reader knows.
chunks.bin: the same events as [uint16 length, data] chunks, the form the target frames into
  records whose CRCs hold, so mutations of it reach the Event decoder.
cut.tfevents: events.tfevents with its last record cut short.
"""
import pathlib
import struct
import sys

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parents[1] / "scripts"))
from tfevents import field_bytes, field_double, field_float, field_varint, record  # noqa: E402


def event(wall_time, step, values):
    return field_double(1, wall_time) + field_varint(2, step) + field_bytes(5, b"".join(values))


def simple(tag, value):
    return field_bytes(1, field_bytes(1, tag) + field_float(2, value))


def tensor(tag, proto, plugin=False):
    metadata = field_bytes(9, field_bytes(1, field_bytes(1, b"scalars"))) if plugin else b""
    return field_bytes(1, field_bytes(1, tag) + metadata + field_bytes(8, proto))


EVENTS = [
    field_double(1, 1795695317.5) + field_bytes(3, b"brain.Event:2"),
    event(1795695318.0, 0, [simple(b"train/loss", 2.25), simple(b"lr", 0.001)]),
    event(1795695319.0, 1, [tensor(b"loss/train", field_varint(1, 1) + field_bytes(2, b"") + field_bytes(5, struct.pack("<f", 1.5)), True)]),
    event(1795695320.0, 2, [tensor(b"loss/val", field_varint(1, 2) + field_bytes(2, b"") + field_bytes(6, struct.pack("<d", 1.25)))]),
    event(1795695321.0, 3, [tensor(b"epoch_loss", field_varint(1, 1) + field_bytes(2, b"") + field_bytes(4, struct.pack("<f", 0.75)))]),
    event(1795695322.0, 4, [tensor(b"vector", field_varint(1, 1) + field_bytes(2, field_bytes(2, field_varint(1, 2))) + field_bytes(4, struct.pack("<ff", 1, 2)))]),
    event(1795695323.0, -1, [simple(b"val_loss", float("nan"))]),
]


def main():
    folder = pathlib.Path(__file__).resolve().parent / "seeds" / "tensorboard"
    folder.mkdir(parents=True, exist_ok=True)
    events = b"".join(record(e) for e in EVENTS)
    (folder / "events.tfevents").write_bytes(events)
    (folder / "chunks.bin").write_bytes(b"".join(struct.pack("<H", len(e)) + e for e in EVENTS))
    (folder / "cut.tfevents").write_bytes(events[:-7])


if __name__ == "__main__":
    main()
