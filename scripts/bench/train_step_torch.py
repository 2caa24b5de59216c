"""PyTorch peer of scripts/bench/train-step.ts: one Adam step of the policy MLP on a batch, with
the same masked cross-entropy as trainer/algos/bc.ts. Prints one JSON object on stdout.

  /usr/bin/python3 scripts/bench/train_step_torch.py --threads 1 --sizes 64,64,64,16 --batch 256
"""
import argparse
import json
import statistics
import sys
import time

import torch


def main() -> None:
    p = argparse.ArgumentParser()
    p.add_argument("--threads", type=int, default=1)
    p.add_argument("--sizes", default="64,64,64,16", help="input,hidden...,outputs")
    p.add_argument("--batch", type=int, default=256)
    p.add_argument("--steps", type=int, default=40, help="gradient steps per repeat")
    p.add_argument("--repeats", type=int, default=7)
    p.add_argument("--warmup", type=int, default=30)
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--serve", action="store_true", help="after warm-up, time one round per stdin line (used by train-step.ts)")
    a = p.parse_args()

    # Both pools pinned: intra-op (the matmuls) and inter-op, so "1 thread" really is one.
    torch.set_num_threads(a.threads)
    torch.set_num_interop_threads(1)
    torch.manual_seed(a.seed)
    sizes = [int(s) for s in a.sizes.split(",")]
    layers: list[torch.nn.Module] = []
    for i in range(len(sizes) - 1):
        layers.append(torch.nn.Linear(sizes[i], sizes[i + 1]))
        if i < len(sizes) - 2:
            layers.append(torch.nn.ReLU())
    net = torch.nn.Sequential(*layers)
    opt = torch.optim.Adam(net.parameters(), lr=1e-3)

    n_actions = sizes[-1]
    x = torch.randn(a.batch, sizes[0])
    mask = (torch.rand(a.batch, n_actions) < 0.8).float()
    mask[:, 0] = 1.0
    action = torch.zeros(a.batch, dtype=torch.long)  # action 0 is always allowed

    def step() -> float:
        logits = net(x)
        logp = torch.log_softmax(logits + (mask - 1.0) * 1e9, dim=1)
        loss = -logp.gather(1, action.unsqueeze(1)).mean()
        opt.zero_grad(set_to_none=True)
        loss.backward()
        opt.step()
        return loss.item()  # read the loss every step, as the tfjs learners do

    for _ in range(a.warmup):
        step()
    info = {"impl": "torch", "torch": torch.__version__, "threads": torch.get_num_threads(),
            "interop_threads": torch.get_num_interop_threads(), "sizes": sizes, "batch": a.batch}

    def timed_round() -> float:
        step()  # untimed, as on the tfjs side
        t0 = time.perf_counter()
        for _ in range(a.steps):
            step()
        return (time.perf_counter() - t0) * 1000 / a.steps

    if a.serve:
        print(json.dumps({**info, "ready": True}), flush=True)
        for _ in sys.stdin:
            print(json.dumps({"ms_per_step": timed_round()}), flush=True)
        return
    per_step = [timed_round() for _ in range(a.repeats)]
    print(json.dumps({**info, "ms_per_step": per_step, "median_ms": statistics.median(per_step)}))


if __name__ == "__main__":
    main()
