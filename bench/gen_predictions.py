#!/usr/bin/env python3
"""Writes a deterministic predictions CSV (and optionally split id lists) for the benchmark.

The file looks like a student's test-set export from an image classifier:

    id,label,prediction,confidence
    img_00000001,automobile,automobile,0.9412
    img_00000002,cat,dog,0.5127

Labels are real class names of 3 to 12 bytes: CIFAR-10's for up to 10 classes, then CIFAR-100's
(those of at most 12 bytes), then numbered variants of both for up to 1000 classes. Each row is
correct with probability --accuracy; a wrong prediction is the class's look-alike half of the time
(cat/dog, automobile/truck, airplane/ship, deer/horse, bird/frog, and neighbours within a
CIFAR-100 superclass), so some pairs are confused far more often than others, and a random other
class otherwise. Confidence is high on right rows and lower on wrong ones. --columns reorders the
columns. The exact accuracy written is printed on stderr, so a checker can be compared with it.

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
COLUMNS = ("id", "label", "prediction", "confidence")

# Look-alike classes sit next to each other, so a class's look-alike is index ^ 1.
CIFAR10 = ["cat", "dog", "automobile", "truck", "airplane", "ship", "deer", "horse", "bird", "frog"]
# CIFAR-100's fine labels by superclass, without the two longer than 12 bytes (aquarium_fish,
# computer_keyboard).
CIFAR100 = """beaver dolphin otter seal whale flatfish ray shark trout orchid poppy rose sunflower tulip
bottle bowl can cup plate apple mushroom orange pear sweet_pepper clock lamp telephone television
bed chair couch table wardrobe bee beetle butterfly caterpillar cockroach bear leopard lion tiger
wolf bridge castle house road skyscraper cloud forest mountain plain sea camel cattle chimpanzee
elephant kangaroo fox porcupine possum raccoon skunk crab lobster snail spider worm baby boy girl
man woman crocodile dinosaur lizard snake turtle hamster mouse rabbit shrew squirrel maple_tree
oak_tree palm_tree pine_tree willow_tree bicycle bus motorcycle pickup_truck train lawn_mower
rocket streetcar tank tractor""".split()


def class_names(count):
    """The first `count` class names, each 3 to 12 bytes, all distinct."""
    pool = CIFAR10 + CIFAR100
    names = []
    for index in range(count):
        base = pool[index % len(pool)]
        round_ = index // len(pool)
        if round_ == 0:
            names.append(base)
        else:
            suffix = f"_{round_ + 1}"
            names.append(base[:12 - len(suffix)] + suffix)
    assert len(set(names)) == count and all(3 <= len(n) <= 12 for n in names)
    return names


def look_alike(k, classes):
    """The class most often confused with class k."""
    other = k ^ 1
    return other if other < classes else (k + 1) % classes


def confidence_tables(rng):
    """Confidences as text: right rows mostly above 0.9, wrong rows spread over 0.3 to 0.9."""
    right = [f"{1 - 0.5 * rng.random() ** 3:.4f}" for _ in range(4096)]
    wrong = [f"{0.3 + 0.6 * rng.random():.4f}" for _ in range(4096)]
    return right, wrong


def predicted_rows(rng, ids, names, accuracy, columns):
    """Yields (line, correct) for each id, with the columns in the order given."""
    classes = len(names)
    right_conf, wrong_conf = confidence_tables(rng)
    order = [COLUMNS.index(c) for c in columns]
    for sample in ids:
        label = rng.randrange(classes)
        if rng.random() < accuracy:
            prediction, confidence, correct = label, right_conf[rng.getrandbits(12)], True
        else:
            if rng.random() < 0.5:
                prediction = look_alike(label, classes)
            else:
                prediction = (label + rng.randrange(1, classes)) % classes
            confidence, correct = wrong_conf[rng.getrandbits(12)], False
        fields = (sample, names[label], names[prediction], confidence)
        yield ",".join([fields[i] for i in order]) + "\n", correct


def write_predictions_file(path, ids, names, accuracy, seed, columns=COLUMNS):
    """Writes one predictions CSV; returns the number of correct rows."""
    rng = random.Random(seed)
    correct = 0
    with open(path, "w", encoding="ascii", newline="\n", buffering=1 << 20) as out:
        out.write(",".join(columns) + "\n")
        lines = []
        for line, right in predicted_rows(rng, ids, names, accuracy, columns):
            lines.append(line)
            correct += right
            if len(lines) == CHUNK_ROWS:
                out.write("".join(lines))
                lines.clear()
        out.write("".join(lines))
    return correct


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("output", help="the predictions CSV to write")
    parser.add_argument("--rows", type=int, default=5_000_000)
    parser.add_argument("--classes", type=int, default=10)
    parser.add_argument("--accuracy", type=float, default=0.82)
    parser.add_argument("--seed", type=int, default=20240601)
    parser.add_argument("--columns", default=",".join(COLUMNS),
                        help="the four columns id, label, prediction and confidence, in any order")
    parser.add_argument("--ids-dir", help="also write train_ids.txt and test_ids.csv here")
    parser.add_argument("--overlap", type=int, default=0, help="test ids repeated in the train list")
    parser.add_argument("--train-ids", type=int, default=100_000, help="train ids besides the overlapping ones")
    parser.add_argument("--test-ids", type=int, default=100_000, help="ids in the test list (at most --rows)")
    args = parser.parse_args()
    if not 1 <= args.rows <= 49_999_999 or not 2 <= args.classes <= 1000 or not 0.0 <= args.accuracy <= 1.0:
        parser.error("need 1 <= --rows < 50,000,000, 2 <= --classes <= 1000 and 0 <= --accuracy <= 1")
    args.columns = args.columns.split(",")
    if sorted(args.columns) != sorted(COLUMNS):
        parser.error(f"--columns must name {', '.join(COLUMNS)} once each, not {','.join(args.columns)}")
    args.test_ids = min(args.test_ids, args.rows)
    if not 0 <= args.overlap <= args.test_ids:
        parser.error("--overlap must be between 0 and the number of test ids")
    return args


def image_id(index):
    return f"img_{index:08d}"


def write_id_lists(args):
    os.makedirs(args.ids_dir, exist_ok=True)
    with open(os.path.join(args.ids_dir, "test_ids.csv"), "w", encoding="ascii", newline="\n") as out:
        out.write("id,split\n")
        out.write("".join(f"{image_id(i + 1)},test\n" for i in range(args.test_ids)))
    rng = random.Random(args.seed + 1)
    leaked = sorted(rng.sample(range(1, args.test_ids + 1), args.overlap))
    # Train images are numbered after the test images, as when one folder of images is split.
    first_train = 50_000_001
    with open(os.path.join(args.ids_dir, "train_ids.txt"), "w", encoding="ascii", newline="\n") as out:
        out.write("".join(f"{image_id(first_train + i)}\n" for i in range(args.train_ids)))
        out.write("".join(f"{image_id(i)}\n" for i in leaked))


def main():
    args = parse_args()
    ids = (image_id(i) for i in range(1, args.rows + 1))
    correct = write_predictions_file(args.output, ids, class_names(args.classes), args.accuracy, args.seed,
                                     args.columns)
    if args.ids_dir:
        write_id_lists(args)
    print(f"rows {args.rows}, classes {args.classes}, accuracy {correct / args.rows:.6f} "
          f"({correct} correct)", file=sys.stderr)


if __name__ == "__main__":
    main()
