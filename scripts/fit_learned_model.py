"""Fit the classifier's learned model (diagnosis/classifier/learned.py) and write it.

Why: the model is derived data; this is the one place that says what it learns from
and how. It learns from the knowledge's wordings and symptoms, the team's dev set
(bench/data) and the real texts' dev half (bench/real, split "dev"). It never reads
bench/test (the team's independent set) or the real held-out half. The file records
a hash of those texts, so a test fails when they change and the model was not fitted
again (`make learned-model`).

Run: python scripts/fit_learned_model.py [--check]   (about 30 s; --check only says
whether the model on disk was fitted from the current texts, exit 1 if not)
"""

from __future__ import annotations

import argparse
import glob
import hashlib
import json
import sys
from pathlib import Path
from typing import List, Tuple

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from diagnosis import knowledge  # noqa: E402
from diagnosis.classifier.learned import MODEL_PATH, LearnedModel, grams  # noqa: E402

C = 10.0  # inverse regularisation, chosen by 5-fold cross-validation on the real dev half
Labelled = Tuple[str, str]


def training_texts() -> List[Labelled]:
    """(text, cause) pairs the model learns from, in a fixed order."""
    kb = knowledge()
    out: List[Labelled] = []
    for cid in kb.causes():
        sig = kb[cid].signals
        for by_lang in (sig.wordings, sig.symptoms):
            for lang in sorted(by_lang):
                out += [(t, cid) for t in by_lang[lang]]
    for pattern, split in (("bench/data/*.jsonl", None), ("bench/real/*.jsonl", "dev")):
        for path in sorted(glob.glob(str(ROOT / pattern))):
            with open(path, encoding="utf-8") as fh:
                for row in map(json.loads, fh):
                    if split is None or row.get("split") == split:
                        out.append((row["text"], row["cause"]))
    return out


def data_hash(texts: List[Labelled]) -> str:
    h = hashlib.sha256()
    for text, cause in texts:
        h.update(cause.encode() + b"\x00" + text.encode() + b"\x01")
    return h.hexdigest()[:16]


def fit(texts: List[Labelled]) -> LearnedModel:
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression

    vec = TfidfVectorizer(analyzer=grams, sublinear_tf=True, min_df=2)
    x = vec.fit_transform([t for t, _ in texts])
    clf = LogisticRegression(C=C, max_iter=3000).fit(x, [c for _, c in texts])
    vocab = [""] * len(vec.vocabulary_)
    for g, i in vec.vocabulary_.items():
        vocab[i] = g
    return LearnedModel(list(clf.classes_), vocab, vec.idf_, clf.coef_.T, clf.intercept_, data_hash(texts))


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--check", action="store_true", help="only check that the model is up to date")
    args = ap.parse_args()
    texts = training_texts()
    if args.check:
        current = LearnedModel.load(MODEL_PATH).data_hash if MODEL_PATH.exists() else "(none)"
        ok = current == data_hash(texts)
        print("learned model up to date" if ok else "learned model is stale: run `make learned-model`")
        return 0 if ok else 1
    model = fit(texts)
    model.save(MODEL_PATH)
    print(
        f"{MODEL_PATH.relative_to(ROOT)}: {len(texts)} texts, {len(model.index)} features, "
        f"{len(model.classes)} classes, {MODEL_PATH.stat().st_size // 1024} KB"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
