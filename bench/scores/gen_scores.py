#!/usr/bin/env python3
"""Writes a deterministic predictions CSV with a score column per class.

    gen_scores.py OUT --rows N --classes K

Columns: id,label,prediction,prob_<class>... with CIFAR-10's class names (then class_<n>); each
row's scores are softmax-like, 6 decimals, summing to about 1, the label's score raised for
about 70% of the rows, the prediction the best-scored class. Python 3 standard library only.
"""
import argparse
import random

NAMES = ["airplane", "automobile", "bird", "cat", "deer", "dog", "frog", "horse", "ship", "truck"]


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("out")
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--classes", type=int, default=10)
    args = parser.parse_args()
    rng = random.Random(13)
    classes = (NAMES + [f"class_{i}" for i in range(len(NAMES), args.classes)])[:args.classes]
    with open(args.out, "w") as out:
        out.write("id,label,prediction," + ",".join(f"prob_{c}" for c in classes) + "\n")
        lines = []
        for row in range(args.rows):
            label = rng.randrange(len(classes))
            raw = [rng.random() for _ in classes]
            if rng.random() < 0.7:
                raw[label] += 1.5
            total = sum(raw)
            scores = [v / total for v in raw]
            best = max(range(len(classes)), key=scores.__getitem__)
            lines.append(f"img_{row:08},{classes[label]},{classes[best]}," + ",".join(f"{v:.6f}" for v in scores))
            if len(lines) == 10000:
                out.write("\n".join(lines) + "\n")
                lines = []
        if lines:
            out.write("\n".join(lines) + "\n")


if __name__ == "__main__":
    main()
