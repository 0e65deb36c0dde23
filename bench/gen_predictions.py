#!/usr/bin/env python3
"""Writes a deterministic predictions CSV (and optionally split id lists) for the benchmark.

The file looks like a classifier's test-set export:

    id,label,prediction
    sample_0000001,class_03,class_03
    sample_0000002,class_07,class_08

Each row is correct with probability --accuracy; a wrong prediction is the next class half of
the time (so some pairs are confused far more often than others) and a random other class
otherwise. The exact accuracy written is printed on stderr, so a checker can be compared with it.

With --ids-dir, two id lists are written for the leakage check:
  test_ids.csv   a CSV with an `id` column: the first --test-ids ids of the predictions file
  train_ids.txt  one id per line: --train-ids fresh ids plus --overlap ids taken from the test list
Python 3 standard library only; the same arguments always give the same bytes.
"""

import argparse
import os
import random
import sys

CHUNK_ROWS = 65536


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("output", help="the predictions CSV to write")
    parser.add_argument("--rows", type=int, default=5_000_000)
    parser.add_argument("--classes", type=int, default=10)
    parser.add_argument("--accuracy", type=float, default=0.82)
    parser.add_argument("--seed", type=int, default=20240601)
    parser.add_argument("--ids-dir", help="also write train_ids.txt and test_ids.csv here")
    parser.add_argument("--overlap", type=int, default=0, help="test ids repeated in the train list")
    parser.add_argument("--train-ids", type=int, default=100_000, help="train ids besides the overlapping ones")
    parser.add_argument("--test-ids", type=int, default=100_000, help="ids in the test list (at most --rows)")
    args = parser.parse_args()
    if args.rows < 1 or not 2 <= args.classes <= 1000 or not 0.0 <= args.accuracy <= 1.0:
        parser.error("need --rows >= 1, 2 <= --classes <= 1000 and 0 <= --accuracy <= 1")
    args.test_ids = min(args.test_ids, args.rows)
    if not 0 <= args.overlap <= args.test_ids:
        parser.error("--overlap must be between 0 and the number of test ids")
    return args


def sample_id(index):
    return f"sample_{index:07d}"


def write_predictions(args):
    rng = random.Random(args.seed)
    names = [f"class_{k:02d}" for k in range(args.classes)]
    correct = 0
    with open(args.output, "w", encoding="ascii", newline="\n", buffering=1 << 20) as out:
        out.write("id,label,prediction\n")
        for start in range(0, args.rows, CHUNK_ROWS):
            lines = []
            for index in range(start, min(start + CHUNK_ROWS, args.rows)):
                label = rng.randrange(args.classes)
                if rng.random() < args.accuracy:
                    prediction = label
                    correct += 1
                elif rng.random() < 0.5:
                    prediction = (label + 1) % args.classes
                else:
                    prediction = (label + rng.randrange(1, args.classes)) % args.classes
                lines.append(f"{sample_id(index + 1)},{names[label]},{names[prediction]}\n")
            out.write("".join(lines))
    return correct


def write_id_lists(args):
    os.makedirs(args.ids_dir, exist_ok=True)
    with open(os.path.join(args.ids_dir, "test_ids.csv"), "w", encoding="ascii", newline="\n") as out:
        out.write("id,split\n")
        out.write("".join(f"{sample_id(i + 1)},test\n" for i in range(args.test_ids)))
    rng = random.Random(args.seed + 1)
    leaked = sorted(rng.sample(range(1, args.test_ids + 1), args.overlap))
    with open(os.path.join(args.ids_dir, "train_ids.txt"), "w", encoding="ascii", newline="\n") as out:
        out.write("".join(f"train_{i:07d}\n" for i in range(1, args.train_ids + 1)))
        out.write("".join(f"{sample_id(i)}\n" for i in leaked))


def main():
    args = parse_args()
    correct = write_predictions(args)
    if args.ids_dir:
        write_id_lists(args)
    print(f"rows {args.rows}, classes {args.classes}, accuracy {correct / args.rows:.6f} "
          f"({correct} correct)", file=sys.stderr)


if __name__ == "__main__":
    main()
