"""The targets suite of `framegrad bench` on PyTorch's CPU backend, for `--vs torch`.

Times the same cases as src/bench/targets.ts and prints one JSON object on stdout:
  {"torch": version, "threads": n, "blas": BLAS_INFO of the build, "onednn": whether oneDNN is usable, "cases": [{"id", "median_ms", "p25_ms", "p75_ms",
   "samples"}, ...], "convlstm_parameters": trainable parameter count}
- matmul: torch.mm of two n x n float32 matrices (through the BLAS the build links: Debian's python3-torch says
  "generic", the system libblas.so.3, which is the reference BLAS unless OpenBLAS is installed; convolutions go
  through oneDNN when "onednn" is true);
- conv2d k x k, C -> C, stride 1, zero padding (k - 1) / 2: the forward pass (no_grad), and each gradient alone
  (torch.autograd.grad through a forward graph built once and retained, with only that input requiring grad);
- the stacked ConvLSTM next-frame training step as framegrad's convlstm task computes it: layers x
  [Keras-style ConvLSTM2D (one conv over x with bias, one over h without, gates i, f, c, o; Keras 2's
  hard_sigmoid clip(0.2 z + 0.5, 0, 1) for i, f, o; tanh) + BatchNorm over (B, T, H, W) (eps 1e-3, momentum 0.01)]
  -> Conv3d(filters -> channels, 3x3x3, time padded causally) -> sigmoid, binary cross-entropy of output t against
  frame t + 1 on a random clip of frames + 1 frames, then one Adam step (lr 1e-4).
Usage: python3 bench/torch_targets.py [--shapes JSON] [--cases id,id] [--time-ms 250] [--threads 2]
Exits with status 3 and a message on stderr when torch cannot be imported.
"""

import argparse
import json
import re
import statistics
import sys
import time

try:
    import torch
    import torch.nn.functional as F
except ImportError as error:
    print(f"cannot import torch: {error}", file=sys.stderr)
    sys.exit(3)

DEFAULT_SHAPES = {
    "matmul": 1024,
    "conv": {"batch": 1, "channels": 64, "side": 128, "kernel": 3},
    "convlstm": {"layers": 3, "filters": 40, "kernel": 3, "batch": 8, "frames": 10, "channels": 1, "side": 40},
}
CASE_IDS = ["matmul", "conv-forward", "conv-input-grad", "conv-filter-grad", "convlstm-step"]
# The ConvLSTM step takes seconds, so it gets fixed runs instead of the time budget.
CONVLSTM_WARMUP, CONVLSTM_RUNS = 1, 5
HEAD_KERNEL = 3


def quantile(sorted_values, q):
    at = (len(sorted_values) - 1) * q
    lo, hi = int(at), min(int(at) + 1, len(sorted_values) - 1)
    return sorted_values[lo] + (sorted_values[hi] - sorted_values[lo]) * (at - lo)


def measure(step, time_ms, warmup=1, runs=None, min_runs=3):
    for _ in range(warmup):
        step()
    samples = []
    started = time.perf_counter()
    while (len(samples) < runs) if runs is not None else (len(samples) < min_runs or (time.perf_counter() - started) * 1e3 < time_ms):
        t0 = time.perf_counter()
        step()
        samples.append((time.perf_counter() - t0) * 1e3)
    s = sorted(samples)
    return {"median_ms": statistics.median(s), "p25_ms": quantile(s, 0.25), "p75_ms": quantile(s, 0.75), "samples": len(s)}


def conv_step(case_id, shape):
    b, c, side, k = shape["batch"], shape["channels"], shape["side"], shape["kernel"]
    pad = (k - 1) // 2
    x = torch.randn(b, c, side, side)
    w = torch.randn(c, c, k, k)
    if case_id == "conv-forward":
        def forward():
            with torch.no_grad():
                F.conv2d(x, w, padding=pad)
        return forward
    leaf = x if case_id == "conv-input-grad" else w
    leaf.requires_grad_(True)
    y = F.conv2d(x, w, padding=pad)
    seed = torch.randn_like(y)
    return lambda: torch.autograd.grad(y, [leaf], [seed], retain_graph=True)


def hard_sigmoid(z):
    return torch.clamp(0.2 * z + 0.5, 0.0, 1.0)


class ConvLSTMCell(torch.nn.Module):
    def __init__(self, cin, filters, k):
        super().__init__()
        self.filters = filters
        self.input_conv = torch.nn.Conv2d(cin, 4 * filters, k, padding=(k - 1) // 2)
        self.recurrent_conv = torch.nn.Conv2d(filters, 4 * filters, k, padding=(k - 1) // 2, bias=False)

    def forward(self, x, h, c):
        zi, zf, zg, zo = (self.input_conv(x) + self.recurrent_conv(h)).chunk(4, 1)
        c = hard_sigmoid(zf) * c + hard_sigmoid(zi) * torch.tanh(zg)
        return hard_sigmoid(zo) * torch.tanh(c), c


class ConvLSTMNextFrame(torch.nn.Module):
    def __init__(self, s):
        super().__init__()
        self.cells = torch.nn.ModuleList(
            [ConvLSTMCell(s["channels"] if l == 0 else s["filters"], s["filters"], s["kernel"]) for l in range(s["layers"])]
        )
        self.norms = torch.nn.ModuleList([torch.nn.BatchNorm2d(s["filters"], eps=1e-3, momentum=0.01) for _ in range(s["layers"])])
        self.head = torch.nn.Conv3d(s["filters"], s["channels"], HEAD_KERNEL, padding=(0, HEAD_KERNEL // 2, HEAD_KERNEL // 2))

    def forward(self, x):
        b, t, _, height, width = x.shape
        for cell, norm in zip(self.cells, self.norms):
            # The zero initial state goes through the recurrent conv, as in framegrad's cell.
            h = torch.zeros(b, cell.filters, height, width)
            c = torch.zeros_like(h)
            outputs = []
            for step in range(t):
                h, c = cell(x[:, step], h, c)
                outputs.append(h)
            x = norm(torch.stack(outputs, 1).reshape(b * t, -1, height, width)).reshape(b, t, -1, height, width)
        causal = F.pad(x.permute(0, 2, 1, 3, 4), (0, 0, 0, 0, HEAD_KERNEL - 1, 0))
        return torch.sigmoid(self.head(causal)).permute(0, 2, 1, 3, 4)


def convlstm_step(s):
    torch.manual_seed(0)
    model = ConvLSTMNextFrame(s).train()
    optimizer = torch.optim.Adam(model.parameters(), lr=1e-4)
    clip = torch.rand(s["batch"], s["frames"] + 1, s["channels"], s["side"], s["side"])

    def step():
        optimizer.zero_grad()
        loss = F.binary_cross_entropy(model(clip[:, :-1]), clip[:, 1:])
        loss.backward()
        optimizer.step()
        loss.item()

    return step, sum(p.numel() for p in model.parameters() if p.requires_grad)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shapes", default=json.dumps(DEFAULT_SHAPES), help="target shapes as JSON (src/bench/targets.ts)")
    parser.add_argument("--cases", default=",".join(CASE_IDS), help="comma-separated case ids")
    parser.add_argument("--time-ms", type=float, default=250.0, help="timed milliseconds per op case (at least 3 runs)")
    parser.add_argument("--threads", type=int, default=2, help="torch.set_num_threads")
    args = parser.parse_args()
    shapes = json.loads(args.shapes)
    torch.set_num_threads(args.threads)
    torch.manual_seed(0)
    blas = re.search(r"BLAS_INFO=(\w+)", torch.__config__.show())
    result = {"torch": torch.__version__, "threads": torch.get_num_threads(), "blas": blas.group(1) if blas else "unknown",
              "onednn": torch.backends.mkldnn.is_available(), "cases": []}
    for case_id in args.cases.split(","):
        if case_id == "matmul":
            n = shapes["matmul"]
            a, b = torch.randn(n, n), torch.randn(n, n)
            timing = measure(lambda: torch.mm(a, b), args.time_ms)
        elif case_id.startswith("conv-"):
            timing = measure(conv_step(case_id, shapes["conv"]), args.time_ms)
        elif case_id == "convlstm-step":
            step, parameters = convlstm_step(shapes["convlstm"])
            result["convlstm_parameters"] = parameters
            timing = measure(step, args.time_ms, warmup=CONVLSTM_WARMUP, runs=CONVLSTM_RUNS)
        else:
            parser.error(f"unknown case id {case_id!r} (expected one of {', '.join(CASE_IDS)})")
        result["cases"].append({"id": case_id, **timing})
    print(json.dumps(result))


if __name__ == "__main__":
    main()
