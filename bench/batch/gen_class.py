#!/usr/bin/env python3
"""Writes a deterministic class of student repositories for the batch benchmark.

    gen_class.py CLASS_DIR [--packs 1000] [--missing 0.05] [--splits-share 1] [--seed N]
                 [--records-only DIR]

Each student gets CLASS_DIR/studentNNNN/, a repository as a CI job checks it out:
  .git/                   a `git init` layout without hooks (HEAD, config, refs/, objects/)
  evidence.json           the full evidence pack, its numbers taken from the student's own files
  README.md               with the run command, dataset note, results and failures
  logs/train_log.csv      Keras CSVLogger, 10 to 40 epochs, overfitting after the val_loss minimum
  predictions.csv         id,label,prediction,confidence; the student's own rows (own seed, accuracy)
  splits/{train,val,test}_ids.txt   the dataset's id lists (the same for every student of a
                          dataset), named in dataset.ids; in --splits-share of the packs (all by default)
  model_summary.txt       a torchinfo-like summary
  train.py, requirements.txt, configs/, src/, notebooks/   code the folder search walks past

Students work on one of five datasets, sized as the real ones: CIFAR-10 (40 %), Fashion-MNIST
(20 %), tf_flowers (15 %), IMDB reviews (15 %) and CIFAR-100 (10 %). --missing of the packs name a
file that is absent (one of the log, predictions, model summary or a split list), as when a student
forgets to commit it.

With --records-only DIR, the same students are also written to DIR with evidence.json and README.md
only, the artifact fields taken out of the record (the shape the benchmark used before).
Python 3 standard library only; the same arguments always give the same bytes.
"""

import argparse
import json
import os
import random
import shutil
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
import gen_predictions  # noqa: E402  (bench/gen_predictions.py: class names and predicted rows)

FASHION = ["T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal", "Shirt", "Sneaker", "Bag",
           "Ankle boot"]
FLOWERS = ["daisy", "dandelion", "roses", "sunflowers", "tulips"]

# name, weight, task, classes, (train, val, test) sizes, id of the n-th example, source, models
DATASETS = [
    ("CIFAR-10", 40, "image classification", gen_predictions.CIFAR10, (45000, 5000, 10000),
     lambda n: f"img_{n:08d}", "torchvision.datasets.CIFAR10", ("small CNN", "ResNet-18 fine-tuned")),
    ("Fashion-MNIST", 20, "image classification", FASHION, (54000, 6000, 10000),
     lambda n: f"fmnist_{n:05d}", "torchvision.datasets.FashionMNIST", ("logistic regression", "3-layer CNN")),
    ("tf_flowers", 15, "image classification", FLOWERS, (2936, 367, 367),
     lambda n: f"flower_photos/{n:05d}.jpg", "tensorflow_datasets tf_flowers", ("MobileNetV2 frozen", "MobileNetV2 fine-tuned")),
    ("IMDB reviews", 15, "sentiment analysis", ["negative", "positive"], (22500, 2500, 25000),
     lambda n: f"review_{n:05d}", "huggingface datasets imdb", ("TF-IDF + logistic regression", "DistilBERT fine-tuned")),
    ("CIFAR-100", 10, "image classification", gen_predictions.class_names(100), (45000, 5000, 10000),
     lambda n: f"img_{n:08d}", "torchvision.datasets.CIFAR100", ("ResNet-18 from scratch", "ResNet-50 fine-tuned")),
]
ARTIFACT_FIELDS = ("training_log", "predictions")

GIT_FILES = {
    "HEAD": "ref: refs/heads/main\n",
    "config": "[core]\n\trepositoryformatversion = 0\n\tfilemode = true\n\tbare = false\n\tlogallrefupdates = true\n",
    "description": "Unnamed repository; edit this file 'description' to name the repository.\n",
    "info/exclude": "# git ls-files --others --exclude-from=.git/info/exclude\n",
}
GIT_DIRS = ("refs/heads", "refs/tags", "objects/info", "objects/pack", "hooks")

CODE_FILES = {
    "requirements.txt": "torch==2.3.1\ntorchvision==0.18.1\nnumpy==1.26.4\npandas==2.2.2\nmatplotlib==3.9.0\n",
    ".gitignore": "data/\ncheckpoints/\n__pycache__/\n*.pt\n",
    "src/__init__.py": "",
    "src/data.py": "import torch\n\n\ndef loaders(batch_size):\n    raise NotImplementedError\n" * 8,
    "src/model.py": "import torch.nn as nn\n\n\nclass Net(nn.Module):\n    pass\n" * 10,
    "notebooks/explore.ipynb": json.dumps({"cells": [], "metadata": {}, "nbformat": 4, "nbformat_minor": 5}),
}


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("class_dir", help="the class folder to write (created)")
    parser.add_argument("--packs", type=int, default=1000)
    parser.add_argument("--missing", type=float, default=0.05, help="share of packs naming an absent file")
    parser.add_argument("--splits-share", type=float, default=1.0, help="share of packs with split id lists")
    parser.add_argument("--seed", type=int, default=20240601)
    parser.add_argument("--records-only", help="also write evidence.json and README.md alone here")
    args = parser.parse_args()
    if args.packs < 1 or not 0 <= args.missing <= 1 or not 0 <= args.splits_share <= 1:
        parser.error("need --packs >= 1 and --missing and --splits-share between 0 and 1")
    return args


def write(path, text):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w", encoding="utf-8", newline="\n") as out:
        out.write(text)


def write_git(folder):
    for name in GIT_DIRS:
        os.makedirs(os.path.join(folder, ".git", name), exist_ok=True)
    for name, text in GIT_FILES.items():
        write(os.path.join(folder, ".git", name), text)


def write_splits(cache, index, dataset):
    """The dataset's split lists, written once into the cache; returns their folder."""
    folder = os.path.join(cache, str(index))
    if not os.path.isdir(folder):
        _, _, _, _, (train, val, test), make_id, _, _ = dataset
        # Test examples come first in the numbering, then train, then val.
        ranges = {"test": range(1, test + 1), "train": range(test + 1, test + train + 1),
                  "val": range(test + train + 1, test + train + val + 1)}
        for split, numbers in ranges.items():
            write(os.path.join(folder, f"{split}_ids.txt"), "".join(make_id(n) + "\n" for n in numbers))
    return folder


def write_predictions(path, dataset, accuracy, seed):
    """The student's predictions; returns (correct, rows, right samples, wrong samples, top pair)."""
    _, _, _, names, (_, _, test), make_id, _, _ = dataset
    rng = random.Random(seed)
    right, wrong, pairs = [], [], {}
    correct = 0
    with open(path, "w", encoding="utf-8", newline="\n") as out:
        out.write("id,label,prediction,confidence\n")
        lines = []
        for line, is_right in gen_predictions.predicted_rows(rng, map(make_id, range(1, test + 1)), names,
                                                            accuracy, gen_predictions.COLUMNS):
            lines.append(line)
            row_id, label, prediction, confidence = line.rstrip("\n").split(",")
            if is_right:
                correct += 1
                if len(right) < 3:
                    right.append((row_id, label, prediction, confidence))
            else:
                pairs[(label, prediction)] = pairs.get((label, prediction), 0) + 1
                if len(wrong) < 5:
                    wrong.append((row_id, label, prediction, confidence))
        out.write("".join(lines))
    top = max(pairs.items(), key=lambda item: (item[1], item[0]))
    return correct, test, right, wrong, top


def training_log(rng, final_val):
    """A Keras CSVLogger log: val_loss falls to a minimum, then rises while the train loss falls."""
    epochs = rng.randint(10, 40)
    best = rng.randint(epochs // 3, epochs - 3)
    lines = ["epoch,accuracy,loss,val_accuracy,val_loss"]
    for e in range(epochs):
        progress = min(e / best, 1.0)
        train_loss = 1.6 * 0.86 ** e + 0.05
        val_loss = 1.5 - 0.9 * progress + 0.012 * max(e - best, 0) ** 1.3
        train_acc = min(0.995, final_val * (0.7 + 0.3 * progress) + 0.008 * max(e - best, 0))
        val_acc = final_val * (0.75 + 0.25 * progress) + rng.uniform(-0.004, 0.004)
        lines.append(f"{e},{train_acc:.4f},{train_loss:.4f},{val_acc:.4f},{val_loss:.4f}")
    return "\n".join(lines) + "\n", epochs, best


def sample(row, note):
    row_id, label, prediction, confidence = row
    return {"input": row_id, "label": label, "prediction": prediction, "note": f"{note}; confidence {confidence}"}


def evidence_record(dataset, student, accuracy, baseline, predictions, log_facts):
    name, _, task, names, (train, val, test), _, source, (baseline_model, model) = dataset
    correct, rows, right, wrong, ((top_label, top_prediction), top_count) = predictions
    epochs, best = log_facts
    current = round(correct / rows, 4)
    return {
        "task": task,
        "run_command": f"python train.py --config configs/{student}.yaml --seed {student[-1]}",
        "dataset": {
            "name": name,
            "source": f"downloaded with {source}",
            "split": {"train": train, "val": val, "test": test},
            "split_method": f"official test split; {val} training examples held out for validation, seed 0",
            "ids": {"train": "splits/train_ids.txt", "val": "splits/val_ids.txt", "test": "splits/test_ids.txt"},
        },
        "metric": {"name": "accuracy", "split": "test", "higher_is_better": True},
        "baseline": {"method": baseline_model, "value": baseline},
        "current": {"method": model, "value": current},
        "model_summary": "model_summary.txt",
        "training_log": "logs/train_log.csv",
        "predictions": "predictions.csv",
        "metric_table": [{"model": baseline_model, "accuracy": baseline}, {"model": model, "accuracy": current}],
        "success_samples": [sample(row, "clear example of its class") for row in right],
        "failure_cases": [sample(row, f"looks like a {row[2]}") for row in wrong],
        "failure_case_count": rows - correct,
        "next_step": {
            "change": "add augmentation and stop at the val_loss minimum",
            "reason": f"{top_label} -> {top_prediction} is the largest confusion ({top_count} of the "
                      f"{rows - correct} errors) and val_loss is lowest at epoch {best} of {epochs}",
        },
        "shape_checks": [
            {"tensor": "token ids", "expected": ["batch", 256], "actual": [32, 256]} if task == "sentiment analysis"
            else {"tensor": "inputs", "expected": ["batch", 3, 32, 32], "actual": [64, 3, 32, 32]},
            {"tensor": "logits", "expected": ["batch", len(names)], "actual": [64, len(names)]},
        ],
        "self_check": {
            "failure_mode": "overfitting",
            "evidence": f"logs/train_log.csv: val_loss is lowest at epoch {best} and rises afterwards "
                        f"while the training loss keeps falling",
        },
    }


def readme(record):
    dataset, current, baseline = record["dataset"], record["current"], record["baseline"]
    failures = "\n".join(f"| `{f['input']}` | {f['label']} | {f['prediction']} | {f['note']} |"
                         for f in record["failure_cases"])
    return f"""# {dataset['name']} {record['task']}: {baseline['method']} → {current['method']}

## Run command

```sh
{record['run_command']}
```

## Dataset note

{dataset['name']}, {dataset['source']}. Split train {dataset['split']['train']:,} / val
{dataset['split']['val']:,} / test {dataset['split']['test']:,}; {dataset['split_method']}.

## Results (test set)

| Model | Accuracy |
|---|---|
| {baseline['method']}, the baseline | {baseline['value']} |
| {current['method']}, the current model | {current['value']} |

## Failure cases

{record['failure_case_count']:,} wrong test predictions; five of them:

| Input | Label | Prediction | Note |
|---|---|---|---|
{failures}

## Next step

{record['next_step']['change']}: {record['next_step']['reason']}.
"""


def model_summary(dataset, record):
    classes = len(dataset[3])
    layers = "\n".join(f"├─Conv2d: 1-{i}{' ' * 30}[64, {32 * 2 ** (i // 3)}, {32 >> (i // 3)}, {32 >> (i // 3)}]"
                       f"{' ' * 10}{9408 * i:,}" for i in range(1, 25))
    return f"""Model summary (torchinfo.summary, batch of 64)

Current model: {record['current']['method']}
{'=' * 90}
Layer (type:depth-idx)                   Output Shape              Param #
{'=' * 90}
{layers}
├─Linear: 1-25                           [64, {classes}]{' ' * 20}{513 * classes:,}
{'=' * 90}
"""


def write_student(folder, records_folder, dataset, index, rng, cache, missing, with_splits):
    student = os.path.basename(folder)
    accuracy = rng.uniform(0.6, 0.93) if len(dataset[3]) < 100 else rng.uniform(0.45, 0.75)
    baseline = round(accuracy - rng.uniform(0.03, 0.15), 2)
    write_git(folder)
    predictions = write_predictions(os.path.join(folder, "predictions.csv"), dataset, accuracy, rng.getrandbits(32))
    log, epochs, best = training_log(rng, accuracy)
    write(os.path.join(folder, "logs", "train_log.csv"), log)
    record = evidence_record(dataset, student, accuracy, baseline, predictions, (epochs, best))
    if with_splits:
        splits = write_splits(cache, index, dataset)
        os.makedirs(os.path.join(folder, "splits"))
        for name in os.listdir(splits):
            shutil.copyfile(os.path.join(splits, name), os.path.join(folder, "splits", name))
    else:
        record["dataset"].pop("ids")
    write(os.path.join(folder, "evidence.json"), json.dumps(record, indent=2, ensure_ascii=False) + "\n")
    write(os.path.join(folder, "README.md"), readme(record))
    write(os.path.join(folder, "model_summary.txt"), model_summary(dataset, record))
    write(os.path.join(folder, "train.py"), f"# {record['run_command']}\nimport argparse\n" + "# training loop\n" * 40)
    write(os.path.join(folder, "configs", f"{student}.yaml"), f"model: {record['current']['method']}\nepochs: {epochs}\n")
    for name, text in CODE_FILES.items():
        write(os.path.join(folder, name), text)
    if missing:
        absent = rng.choice(["logs/train_log.csv", "predictions.csv", "model_summary.txt"] +
                            (["splits/val_ids.txt"] if with_splits else []))
        os.remove(os.path.join(folder, absent))
    if records_folder:
        for field in ARTIFACT_FIELDS:
            record.pop(field)
        record["dataset"].pop("ids", None)
        record["model_summary"] = f"{record['current']['method']}, {len(dataset[3])}-way linear head"
        write_git(records_folder)
        write(os.path.join(records_folder, "evidence.json"), json.dumps(record, indent=2, ensure_ascii=False) + "\n")
        write(os.path.join(records_folder, "README.md"), readme(record))


def main():
    args = parse_args()
    rng = random.Random(args.seed)
    cache = os.path.join(args.class_dir, ".splits-cache")
    weights = [d[1] for d in DATASETS]
    missing = set(rng.sample(range(args.packs), round(args.packs * args.missing)))
    with_splits = set(rng.sample(range(args.packs), round(args.packs * args.splits_share)))
    counts = [0] * len(DATASETS)
    for i in range(args.packs):
        index = rng.choices(range(len(DATASETS)), weights)[0]
        counts[index] += 1
        student = f"student{i + 1:04d}"
        records = os.path.join(args.records_only, student) if args.records_only else None
        write_student(os.path.join(args.class_dir, student), records, DATASETS[index], index, rng, cache,
                      i in missing, i in with_splits)
    shutil.rmtree(cache, ignore_errors=True)
    mix = ", ".join(f"{d[0]} {n}" for d, n in zip(DATASETS, counts))
    print(f"{args.packs} packs ({mix}), {len(with_splits)} with split id lists, {len(missing)} naming an "
          "absent file", file=sys.stderr)


if __name__ == "__main__":
    main()
