#!/usr/bin/env python3
"""Writes a TensorBoard event file as a long training run leaves it, without tensorboard installed.

    gen_events.py FILE [--steps 200000] [--val-every 100]

The first record holds file_version "brain.Event:2"; then one Event per step with a summary holding
`train/loss` as a simple_value (as SummaryWriter.add_scalar writes it), and every VAL_EVERY steps one
more Event with `val/loss`. Records are framed as TensorBoard frames them: uint64 length, masked
CRC32C of the length, the Event bytes, masked CRC32C of the bytes. Deterministic. Prints the counts
and the last values to stderr, in the form the driver prints them, for the bench to compare.
"""
import argparse
import math
import pathlib
import struct
import sys

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parents[2] / "scripts"))
from tfevents import field_bytes, record, varint  # noqa: E402


def scalar_event(wall_time, step, tag, value):
    value_message = field_bytes(1, tag) + b"\x15" + struct.pack("<f", value)  # tag 1, simple_value 2
    return b"\x09" + struct.pack("<d", wall_time) + b"\x10" + varint(step) + field_bytes(5, field_bytes(1, value_message))


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("file")
    parser.add_argument("--steps", type=int, default=200000)
    parser.add_argument("--val-every", type=int, default=100)
    args = parser.parse_args()
    start = 1795693586.0
    train_points = val_points = 0
    train_last = val_last = 0.0
    with open(args.file, "wb") as out:
        out.write(record(b"\x09" + struct.pack("<d", start) + field_bytes(3, b"brain.Event:2")))
        records = 1
        for step in range(1, args.steps + 1):
            # A loss falling from about 2.3 with noise, as float32 stores it.
            loss = struct.unpack("<f", struct.pack("<f", 2.3 * math.exp(-step / 40000) + 0.05 + 0.02 * math.sin(step * 0.7)))[0]
            out.write(record(scalar_event(start + step * 0.01, step, b"train/loss", loss)))
            records += 1
            train_points, train_last = train_points + 1, loss
            if step % args.val_every == 0:
                val = struct.unpack("<f", struct.pack("<f", 2.4 * math.exp(-step / 50000) + 0.1))[0]
                out.write(record(scalar_event(start + step * 0.01 + 0.005, step, b"val/loss", val)))
                records += 1
                val_points, val_last = val_points + 1, val
    print(f"records {records}, scalars {train_points + val_points}, train/loss {train_points} points, "
          f"last {train_last:.6g}, val/loss {val_points} points, last {val_last:.6g}", file=__import__("sys").stderr)


if __name__ == "__main__":
    main()
