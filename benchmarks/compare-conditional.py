"""nflows' conditional MAF p(x | c): training steps timed as `lgf bench train --model maf --context-dimension C` times ours.

  train   Times Adam steps (lr 1e-3, -mean log p(x | c) on batches of synthetic N(0, I) rows x and contexts c) of
          nflows' conditional MAF of the benchmark's shape -- `--layers` MaskedAffineAutoregressiveTransform steps
          (feedforward MADE of hidden widths [H, H]: num_blocks = 1, use_residual_blocks = False, tanh, no batch norm,
          context_features = C, which nflows feeds through a Linear into the first hidden layer as ours does) with
          ReversePermutation between them, over a StandardNormal -- by wall clock and by process CPU time; prints one
          JSON line with the medians, as benchmarks/compare-splines.py does for spline flows.

Run it with the Python of a virtual environment holding torch and nflows (benchmarks/compare-conditional.sh takes its
path from $LGF_TORCH_PYTHON).
"""
import argparse
import json
import sys

import torch

from step_timing import add_timing_arguments, timed_steps


def conditional_maf(dimension, context, layers, hidden):
    from nflows.distributions.normal import StandardNormal
    from nflows.flows.base import Flow
    from nflows.transforms.autoregressive import MaskedAffineAutoregressiveTransform
    from nflows.transforms.base import CompositeTransform
    from nflows.transforms.permutations import ReversePermutation

    steps = []
    for layer in range(layers):
        if layer > 0:
            steps.append(ReversePermutation(dimension))
        steps.append(MaskedAffineAutoregressiveTransform(
            features=dimension, hidden_features=hidden, context_features=context, num_blocks=1,
            use_residual_blocks=False, random_mask=False, activation=torch.tanh))
    return Flow(CompositeTransform(steps), StandardNormal([dimension]))


def train(args):
    from importlib.metadata import version
    torch.set_num_threads(args.threads)
    torch.manual_seed(args.seed)
    flow = conditional_maf(args.dimension, args.context, args.layers, args.hidden)
    optimizer = torch.optim.Adam(flow.parameters(), lr=1e-3)
    rows, contexts = torch.randn(args.rows, args.dimension), torch.randn(args.rows, args.context)
    batch = min(args.batch, args.rows)
    order, position = torch.randperm(args.rows), [0]

    def step():
        nonlocal order
        if position[0] + batch > args.rows:
            order = torch.randperm(args.rows)
            position[0] = 0
        chosen = order[position[0]:position[0] + batch]
        position[0] += batch
        loss = -flow.log_prob(rows[chosen], context=contexts[chosen]).mean()
        optimizer.zero_grad(set_to_none=True)
        loss.backward()
        optimizer.step()
        return loss.item()

    timing = timed_steps(step, args.warmup, args.repeats, args.steps, batch)
    print(json.dumps(dict(library="nflows", model="conditional-maf", dimension=args.dimension, context=args.context, layers=args.layers,
                          hidden=[args.hidden, args.hidden], threads=args.threads, batch=batch,
                          params=sum(p.numel() for p in flow.parameters()), **timing,
                          torch=torch.__version__, nflows=version("nflows"), python=sys.version.split()[0])))
    return 0


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0], formatter_class=argparse.RawDescriptionHelpFormatter,
                                     epilog=__doc__.split("\n", 1)[1])
    commands = parser.add_subparsers(dest="command", required=True)
    t = commands.add_parser("train", help="time nflows' conditional MAF training steps")
    t.add_argument("--dimension", type=int, default=2, help="D, the features of x")
    t.add_argument("--context", type=int, default=4, help="C, the features of c")
    t.add_argument("--layers", type=int, default=5)
    t.add_argument("--hidden", type=int, default=128, help="the width of both hidden layers of every MADE")
    t.add_argument("--rows", type=int, default=10_000, help="training rows (as the 2d benchmark's)")
    add_timing_arguments(t)
    args = parser.parse_args()
    return {"train": train}[args.command](args)


if __name__ == "__main__":
    sys.exit(main())
