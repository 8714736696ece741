#!/usr/bin/python3
"""Checks the exported Fashion-MNIST binary CNN (configs/nets/fmnist_bnn.yaml) without
PyTorch: parses the YAML, loads the .npy parameters it names, runs pimscope's integer
semantics in pure numpy on the 10 000 test images and asserts that the predictions,
the first 100 logit vectors and the accuracy equal the recorded ones.

    /usr/bin/python3 tools/check_fmnist_export.py [--yaml configs/nets/fmnist_bnn.yaml]
"""
import argparse
import json
import os
import sys

import numpy as np
import yaml

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import fmnist_bnn_common as common  # noqa: E402

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--yaml", default=os.path.join(REPO, "configs", "nets", "fmnist_bnn.yaml"))
    ap.add_argument("--data", default=common.DEFAULT_DATA)
    args = ap.parse_args()

    with open(args.yaml) as f:
        doc = yaml.safe_load(f)
    pdir = os.path.join(os.path.dirname(os.path.abspath(args.yaml)), doc["weights"])
    assert doc["input"] == {"channels": 1, "height": 28, "width": 28}, doc["input"]
    assert doc.get("pad_value", 0) == 0
    # The YAML must describe exactly the graph the evaluator runs.
    assert len(doc["layers"]) == len(common.LAYERS)
    for got, want in zip(doc["layers"], common.LAYERS):
        expect = {"name": want["name"], "op": want["op"]}
        if "inp" in want:
            expect["in"] = want["inp"]
        for key in ("out_channels", "kernel", "stride", "pad"):
            if key in want:
                expect[key] = want[key]
        expect.update(common.param_files(want))
        assert got == expect, (got, expect)

    params = common.load_params(pdir)
    for layer in common.LAYERS:
        p = params[layer["name"]]
        if "weights" in p:
            assert set(np.unique(p["weights"])) <= {-1, 1}, layer["name"]
        if "directions" in p:
            assert set(np.unique(p["directions"])) <= {-1, 1}, layer["name"]

    test_x, test_y = common.load_split(args.data, "t10k")
    logits = common.run_integer_numpy(params, test_x)
    pred = logits.argmax(1)
    acc = float(np.mean(pred == test_y))
    want_pred = np.load(os.path.join(pdir, "expected_test_predictions.npy"))
    want_logits = np.load(os.path.join(pdir, "expected_logits_first100.npy"))
    with open(os.path.join(pdir, "accuracy.json")) as f:
        rec = json.load(f)
    assert want_pred.dtype == np.int16 and want_pred.shape == (10000,)
    assert want_logits.dtype == np.int32 and want_logits.shape == (100, 10)
    assert np.array_equal(pred, want_pred), f"{int(np.sum(pred != want_pred))} predictions differ"
    assert np.array_equal(logits[:100], want_logits), "first 100 logit vectors differ"
    assert acc == rec["integer_model_top1"], (acc, rec["integer_model_top1"])
    print(f"OK: integer model top-1 {100 * acc:.2f} % on {test_x.shape[0]} test images "
          f"(recorded float BN model {100 * rec['pytorch_float_top1']:.2f} %)")


if __name__ == "__main__":
    main()
