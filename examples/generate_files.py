#!/usr/bin/env python3
"""Writes the predictions and split-id files of the example packs, deterministically.

The files are committed; rerun this only to change them: python3 examples/generate_files.py
"""
import os
import random

HERE = os.path.dirname(os.path.abspath(__file__))
CLASSES = ["airplane", "automobile", "bird", "cat", "deer", "dog", "frog", "horse", "ship", "truck"]

# Rows the evidence pack lists, with the label and prediction it shows for them.
LISTED = {
    "cifar10/test/00017": ("ship", "ship"),
    "cifar10/test/00254": ("frog", "frog"),
    "cifar10/test/01203": ("automobile", "automobile"),
    "cifar10/test/00091": ("cat", "dog"),
    "cifar10/test/00738": ("dog", "cat"),
    "cifar10/test/02215": ("cat", "dog"),
    "cifar10/test/03507": ("truck", "automobile"),
    "cifar10/test/06119": ("bird", "airplane"),
}
# Wrong predictions per (label, prediction) pair beyond the listed ones; 1,800 in all, with
# cat/dog the largest pair (172 + 140 = 312), as the pack's next step says.
CONFUSIONS = {
    ("cat", "dog"): 172, ("dog", "cat"): 140, ("truck", "automobile"): 118, ("automobile", "truck"): 96,
    ("bird", "airplane"): 88, ("deer", "horse"): 84, ("horse", "deer"): 70, ("bird", "frog"): 66,
    ("airplane", "ship"): 64, ("ship", "airplane"): 60, ("cat", "frog"): 58, ("deer", "bird"): 56,
    ("dog", "horse"): 54, ("frog", "cat"): 52, ("bird", "deer"): 50, ("cat", "bird"): 48,
}


def write_predictions(path):
    rng = random.Random(0)
    ids = [f"cifar10/test/{i:05d}" for i in range(10000)]
    labels = [c for c in CLASSES for _ in range(1000)]
    rng.shuffle(labels)
    # Give the listed rows their labels by swapping with another row of that label.
    for row_id, (label, _) in LISTED.items():
        index = ids.index(row_id)
        if labels[index] != label:
            other = next(i for i, l in enumerate(labels) if l == label and ids[i] not in LISTED)
            labels[index], labels[other] = labels[other], labels[index]
    predictions = list(labels)
    wrong_so_far = {}
    for row_id, (label, prediction) in LISTED.items():
        predictions[ids.index(row_id)] = prediction
        if label != prediction:
            wrong_so_far[(label, prediction)] = wrong_so_far.get((label, prediction), 0) + 1
    other_wrong = 1800 - sum(CONFUSIONS.values())  # the listed failures are counted in CONFUSIONS
    for (label, prediction), count in CONFUSIONS.items():
        count -= wrong_so_far.get((label, prediction), 0)
        candidates = [i for i, l in enumerate(labels) if l == label and predictions[i] == l and ids[i] not in LISTED]
        for i in rng.sample(candidates, count):
            predictions[i] = prediction
    # The rest of the errors, spread over all pairs.
    candidates = [i for i in range(10000) if predictions[i] == labels[i] and ids[i] not in LISTED]
    for i in rng.sample(candidates, other_wrong):
        predictions[i] = rng.choice([c for c in CLASSES if c != labels[i] and (labels[i], c) not in CONFUSIONS])
    with open(path, "w", newline="") as out:
        out.write("id,label,prediction\n")
        for row_id, label, prediction in zip(ids, labels, predictions):
            out.write(f"{row_id},{label},{prediction}\n")
    wrong = sum(1 for l, p in zip(labels, predictions) if l != p)
    assert wrong == 1800, wrong


def write_ids(path, ids):
    with open(path, "w") as out:
        out.write("".join(f"{i}\n" for i in ids))


def main():
    pack = os.path.join(HERE, "image-classification")
    os.makedirs(os.path.join(pack, "splits"), exist_ok=True)
    write_predictions(os.path.join(pack, "predictions.csv"))
    write_ids(os.path.join(pack, "splits", "train_ids.txt"), [f"cifar10/train/{i:05d}" for i in range(45000)])
    write_ids(os.path.join(pack, "splits", "val_ids.txt"), [f"cifar10/train/{i:05d}" for i in range(45000, 50000)])
    write_ids(os.path.join(pack, "splits", "test_ids.txt"), [f"cifar10/test/{i:05d}" for i in range(10000)])

    # The leakage mistake: 37 training images also in the test list.
    leak = os.path.join(HERE, "mistake-leakage", "splits")
    os.makedirs(leak, exist_ok=True)
    rng = random.Random(1)
    leaked = sorted(rng.sample(range(45000), 37))
    test_ids = [f"cifar10/test/{i:05d}" for i in range(10000 - 37)] + [f"cifar10/train/{i:05d}" for i in leaked]
    write_ids(os.path.join(leak, "test_ids.txt"), test_ids)


if __name__ == "__main__":
    main()
