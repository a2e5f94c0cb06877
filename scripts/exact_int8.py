"""Make the sentence model's int8 products exact on every CPU: store its weights as uint8.

``quantize_dynamic`` writes MatMulInteger nodes with uint8 activations and int8 weights. On a CPU
with AVX2 but without VNNI (many AMD EPYC and older Intel machines), onnxruntime multiplies such
pairs with an instruction that adds two products into 16 bits and saturates: 2 x 255 x 127 does not
fit, so the same model gives other probabilities there than on a VNNI machine. On this project's
seed, sentence 5 ("Maduro allegedly sought 'global amnesty'") flipped from REQUEST to ACCUSE. With
uint8 weights (each int8 weight plus 128, its zero point plus 128) every product is the same
integer, (x - x0)(w + 128 - (w0 + 128)) = (x - x0)(w - w0), and onnxruntime's uint8 x uint8 kernels
widen to 16 bits before they multiply: nothing saturates, and every CPU computes the exact result.

Dev-time only (needs the ``onnx`` package). ``scripts/train_classifier.py`` calls :func:`convert` on
every model it exports; running it on a converted model changes nothing.

    python scripts/exact_int8.py                                # src/eventwire/models/model.onnx in place
    python scripts/exact_int8.py --model /tmp/cv/fold_0/model.onnx
"""

from __future__ import annotations

import argparse
from pathlib import Path

import numpy as np
import onnx
from onnx import numpy_helper

MODEL = Path(__file__).resolve().parents[1] / "src" / "eventwire" / "models" / "model.onnx"


def unsigned(graph: onnx.GraphProto) -> int:
    """Turn the int8 weights and weight zero points of every MatMulInteger of ``graph`` into uint8
    (plus 128); the number of tensors changed.

    >>> from onnx import helper
    >>> weights = numpy_helper.from_array(np.array([[-128, 0], [5, 127]], dtype=np.int8), "w")
    >>> zero = numpy_helper.from_array(np.array([0, 0], dtype=np.int8), "z")
    >>> node = helper.make_node("MatMulInteger", ["x", "w", "x0", "z"], ["y"])
    >>> graph = helper.make_graph([node], "g", [], [], initializer=[weights, zero])
    >>> unsigned(graph), numpy_helper.to_array(graph.initializer[0]).tolist(), unsigned(graph)
    (2, [[0, 128], [133, 255]], 0)
    """
    tensors = {t.name: t for t in graph.initializer}
    changed = 0
    for node in graph.node:
        if node.op_type != "MatMulInteger":
            continue
        weights_and_zero_point = [node.input[i] for i in (1, 3) if i < len(node.input)]
        for name in weights_and_zero_point:
            tensor = tensors.get(name)
            if tensor is None or tensor.data_type != onnx.TensorProto.INT8:
                continue
            values = numpy_helper.to_array(tensor).astype(np.int16) + 128
            tensor.CopyFrom(numpy_helper.from_array(values.astype(np.uint8), name))
            changed += 1
    return changed


def convert(path: Path) -> int:
    """Rewrite the model at ``path`` in place with uint8 weights; the number of tensors changed."""
    model = onnx.load(str(path))
    changed = unsigned(model.graph)
    if changed:
        onnx.checker.check_model(model)
        onnx.save(model, str(path))
    return changed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--model", type=Path, default=MODEL)
    args = parser.parse_args()
    print(f"{args.model}: {convert(args.model)} weight tensors made uint8")


if __name__ == "__main__":
    main()
