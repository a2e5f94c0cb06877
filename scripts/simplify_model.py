"""Rewrite the sentence model's ONNX graph so that onnxruntime runs it faster, with the same weights
and the same outputs, bit for bit.

The graph ``torch.onnx.export`` writes for MiniLM computes, on every call, shapes and an attention
mask with some sixty small nodes (Shape, Gather, Unsqueeze, Concat, Range, Where ...); for one
sentence of about 30 word pieces they cost about a tenth of the call. This script
(1) gives the attention's Reshape nodes constant shapes (``[0, 0, -1, 32]``: batch and length
copied from the input), and (2) builds the additive attention mask once from ``attention_mask``
with four nodes, ``(1 - mask) * lowest float`` shaped ``[batch, 1, 1, length]``, which is what the
exporter's mask adds for a mask of 0s and 1s, and (3) takes the token type ids (all 0) as
``input_ids * 0`` instead of expanding a buffer; the nodes no output needs any more are dropped. It
then runs the old and the new graph on sentences of the VOA stories (one at a time, and as one
padded batch) and writes the new graph only when every output is identical.

Dev-time only (needs the ``onnx`` package). Run it after ``scripts/train_classifier.py`` has
written or grafted ``model.onnx``; running it twice changes nothing.

    python scripts/simplify_model.py                       # src/eventwire/models/model.onnx in place
    python scripts/simplify_model.py --model /tmp/cv/fold_0/model.onnx
"""

from __future__ import annotations

import argparse
import json
import os
import re
import sys
from pathlib import Path

import numpy as np
import onnx
import onnxruntime
from onnx import TensorProto, helper, numpy_helper
from tokenizers import Tokenizer

REPO = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("EVENTWIRE_SHARED_DATA") or REPO / ".." / "shared" / "data")
MODEL = REPO / "src" / "eventwire" / "models" / "model.onnx"
MASK = "/simplified/attention_mask"  # the additive mask the attention of every layer adds
TOKEN_TYPES = "/simplified/token_type_ids"


def simplify(graph_model: onnx.ModelProto) -> onnx.ModelProto:
    """A copy of ``graph_model`` with constant attention reshapes, a four-node attention mask and
    token type ids from ``input_ids``."""
    graph_model = onnx.ModelProto.FromString(graph_model.SerializeToString())
    graph = graph_model.graph
    producer = {output: node for node in graph.node for output in node.output}
    constants = {i.name: numpy_helper.to_array(i) for i in graph.initializer}
    constants.update({n.output[0]: numpy_helper.to_array(n.attribute[0].t) for n in graph.node
                      if n.op_type == "Constant" and n.attribute and n.attribute[0].name == "value"})
    for node in graph.node:
        concat = producer.get(node.input[1]) if node.op_type == "Reshape" else None
        if "/attention/self/" in node.name and concat is not None and concat.op_type == "Concat":
            # the first two parts are the input's batch and length (0: copied), the others constants
            shape = [0, 0] + [int(constants[part].reshape(-1)[0]) for part in concat.input[2:]]
            name = f"{node.name}/static_shape"
            graph.initializer.append(numpy_helper.from_array(np.array(shape, dtype=np.int64), name))
            node.input[1] = name
    adds = [n for n in graph.node if n.op_type == "Add" and n.name.endswith("/attention/self/Add")]
    if adds and all(n.input[1] != MASK for n in adds):
        lowest = float(np.finfo(np.float32).min)
        graph.initializer.extend([numpy_helper.from_array(np.array(1.0, dtype=np.float32), f"{MASK}/one"),
                                  numpy_helper.from_array(np.array(lowest, dtype=np.float32), f"{MASK}/lowest"),
                                  numpy_helper.from_array(np.array([1, 2], dtype=np.int64), f"{MASK}/axes")])
        first = min(list(graph.node).index(n) for n in adds)
        for offset, node in enumerate([
                helper.make_node("Cast", ["attention_mask"], [f"{MASK}/float"], name=f"{MASK}/cast",
                                 to=TensorProto.FLOAT),
                helper.make_node("Sub", [f"{MASK}/one", f"{MASK}/float"], [f"{MASK}/masked"], name=f"{MASK}/sub"),
                helper.make_node("Mul", [f"{MASK}/masked", f"{MASK}/lowest"], [f"{MASK}/2d"], name=f"{MASK}/mul"),
                helper.make_node("Unsqueeze", [f"{MASK}/2d", f"{MASK}/axes"], [MASK], name=f"{MASK}/unsqueeze")]):
            graph.node.insert(first + offset, node)
        for node in adds:
            node.input[1] = MASK
    _zero_token_types(graph, producer, constants)
    _drop_unused(graph)
    onnx.checker.check_model(graph_model)
    return graph_model


def _zero_token_types(graph: onnx.GraphProto, producer: dict, constants: dict) -> None:
    """The token type ids, which the exporter expands from a buffer of zeros, as ``input_ids * 0``."""
    gather = next((n for n in graph.node if n.name.endswith("/token_type_embeddings/Gather")), None)
    source, buffer = producer.get(gather.input[1]) if gather is not None else None, None
    while source is not None and source.op_type in ("Expand", "GatherElements"):
        buffer, source = source.input[0], producer.get(source.input[0])
    if buffer not in constants or np.any(constants[buffer]):
        return  # not the exporter's buffer of zeros (or already rewritten)
    graph.initializer.append(numpy_helper.from_array(np.array(0, dtype=np.int64), f"{TOKEN_TYPES}/zero"))
    graph.node.insert(list(graph.node).index(gather), helper.make_node(
        "Mul", ["input_ids", f"{TOKEN_TYPES}/zero"], [TOKEN_TYPES], name=f"{TOKEN_TYPES}/mul"))
    gather.input[1] = TOKEN_TYPES


def _drop_unused(graph: onnx.GraphProto) -> None:
    needed = {output.name for output in graph.output}
    for node in reversed(list(graph.node)):
        if any(output in needed for output in node.output):
            needed.update(node.input)
        else:
            graph.node.remove(node)
    for tensor in [i for i in graph.initializer if i.name not in needed]:
        graph.initializer.remove(tensor)


def differences(old: onnx.ModelProto, new: onnx.ModelProto, tokenizer: Tokenizer, texts: list[str]) -> int:
    """How many outputs differ between the two graphs: each text alone, then all as one padded batch."""
    sessions = []
    for graph_model in (old, new):
        options = onnxruntime.SessionOptions()
        options.intra_op_num_threads = 1
        options.log_severity_level = 3
        sessions.append(onnxruntime.InferenceSession(graph_model.SerializeToString(), options,
                                                     providers=["CPUExecutionProvider"]))
    encodings = tokenizer.encode_batch(texts)
    feeds = [{"input_ids": np.array([e.ids], dtype=np.int64), "attention_mask": np.array([e.attention_mask])}
             for e in encodings]
    length = max(len(e.ids) for e in encodings)
    feeds.append({name: np.array([getattr(e, attribute) + [0] * (length - len(e.ids)) for e in encodings],
                                 dtype=np.int64)
                  for name, attribute in (("input_ids", "ids"), ("attention_mask", "attention_mask"))})
    return sum(not np.array_equal(a, b) for feed in feeds
               for a, b in zip(*(session.run(None, feed) for session in sessions)))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--model", type=Path, default=MODEL, help="model.onnx to rewrite in place")
    parser.add_argument("--texts", type=int, default=300, help="VOA sentences the two graphs are compared on")
    args = parser.parse_args()
    old = onnx.load(str(args.model))
    new = simplify(old)
    settings = json.loads((args.model.parent / "model.json").read_text(encoding="utf-8"))
    tokenizer = Tokenizer.from_file(str(args.model.parent / "tokenizer.json"))
    tokenizer.enable_truncation(int(settings.get("max_length", 128)))
    tokenizer.no_padding()
    stories = (SHARED / "voa" / "voa_stories.jsonl").read_text(encoding="utf-8").splitlines()
    texts = [sentence for story in stories for sentence in re.split(r"(?<=[.!?])\s+", json.loads(story)["text"])
             if sentence.strip()][:args.texts]
    differing = differences(old, new, tokenizer, texts)
    if differing:
        sys.exit(f"{args.model}: {differing} outputs differ from the old graph's; not written")
    onnx.save(new, str(args.model))
    print(f"{args.model}: {len(old.graph.node)} -> {len(new.graph.node)} nodes; outputs identical on "
          f"{len(texts)} VOA sentences, one at a time and as one padded batch")


if __name__ == "__main__":
    main()
