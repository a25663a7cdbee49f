"""Our neural spline flows against nflows' and zuko's: the same density for the same weights, and training speed.

  check FILE...   Each FILE is written by `lgf bench spline-reference` (a fresh NSF's weights under checkpoint names,
                  inputs `reference.inputs` and our float64 log-densities `reference.logDensity`, the specification
                  as JSON metadata). Builds the same flow in nflows in float64 -- nsf: MaskedPiecewiseRational-
                  QuadraticAutoregressiveTransform steps (feedforward MADE, num_blocks = hidden layers - 1, our
                  activation, linear tails) with ReversePermutation between them; nsf-coupling:
                  PiecewiseRationalQuadraticCouplingTransform steps on alternating halves with an MLP transform net --
                  over a StandardNormal, copies our weights in (hidden units permuted into nflows' MADE degree order,
                  output rows from our parameter-major order p*n + j to nflows' feature-major j*(3K-1) + p, masks
                  checked to agree after the permutation), and compares log p(x) point by point. Prints a table and a
                  JSON line; exits 1 when a parameter count differs or a point differs by more than --tolerance.
                  zuko's NSF of the same sizes is built for its parameter count (its spline is parameterised
                  differently, so the same weights give another density; see docs/benchmarks-splines.md).
  train           Times Adam training steps (lr 1e-3, -mean log p(x) on batches of synthetic N(0, I) rows) of nflows'
                  or zuko's NSF of a benchmark shape, by wall clock and by process CPU time, as `lgf bench train
                  --model nsf` does; prints one JSON line.
  log-density FILE --rows "x1,x2;..."
                  nflows' float64 log p(x) at the given rows, with the file's weights (the Swift tests' golden values).

Run it with the Python of a virtual environment holding torch, numpy, safetensors, nflows and zuko
(benchmarks/compare-splines.sh takes its path from $LGF_TORCH_PYTHON).
"""
import argparse
import json
import math
import sys
import warnings

import numpy as np
import torch
from torch import nn
from torch.nn import functional as F

from step_timing import add_timing_arguments, timed_steps

# The benchmark shapes, as `FlowBenchmarkDataset.specification(for:spline:)` builds them in Sources/Benchmarks:
# D, training rows, spline steps, hidden widths, bins.
SHAPES = {
    "2d": dict(dimension=2, rows=10_000, layers=5, hidden=[50, 50], bins=8),
    "power": dict(dimension=6, rows=100_000, layers=10, hidden=[256, 256], bins=8),
    "gas": dict(dimension=8, rows=100_000, layers=10, hidden=[256, 256], bins=8),
    "miniboone": dict(dimension=43, rows=30_000, layers=10, hidden=[64, 64], bins=4),
}
ACTIVATIONS = {"tanh": (torch.tanh, nn.Tanh), "relu": (F.relu, nn.ReLU)}


def versions():
    from importlib.metadata import version
    return dict(torch=torch.__version__, numpy=np.__version__, nflows=version("nflows"), zuko=version("zuko"),
                safetensors=version("safetensors"), python=sys.version.split()[0])


def parameter_count(module):
    return sum(p.numel() for p in module.parameters())


# MARK: - Building the flows

class TransformNet(nn.Module):
    """The coupler: an MLP with our activation after every hidden layer, called by nflows as net(inputs, context).
    It has no `hidden_features` attribute, so nflows does not rescale the widths and heights (nor do we)."""

    def __init__(self, inputs, outputs, hidden, activation):
        super().__init__()
        widths = [inputs] + list(hidden) + [outputs]
        self.layers = nn.ModuleList(nn.Linear(a, b) for a, b in zip(widths[:-1], widths[1:]))
        self.activation = activation

    def forward(self, inputs, context=None):
        h = inputs
        for layer in self.layers[:-1]:
            h = self.activation(layer(h))
        return self.layers[-1](h)


def coupling_mask(dimension, layer):
    """1 where nflows transforms a feature: the second half (from floor(D/2)) in even layers, the first half in odd
    ones, as `CouplingPartition.flatHalves` alternates."""
    half = dimension // 2
    return [int(j >= half) if layer % 2 == 0 else int(j < half) for j in range(dimension)]


def nflows_flow(model, dimension, layers, hidden, bins, tail_bound, activation="tanh"):
    from nflows.distributions.normal import StandardNormal
    from nflows.flows.base import Flow
    from nflows.transforms.autoregressive import MaskedPiecewiseRationalQuadraticAutoregressiveTransform
    from nflows.transforms.base import CompositeTransform
    from nflows.transforms.coupling import PiecewiseRationalQuadraticCouplingTransform
    from nflows.transforms.permutations import ReversePermutation

    function = ACTIVATIONS[activation][0]
    steps = []
    for layer in range(layers):
        if model == "nsf":
            if layer > 0:
                steps.append(ReversePermutation(dimension))
            if len(set(hidden)) != 1:
                raise SystemExit(f"nflows' MADE has one width for all hidden layers; got {hidden}")
            steps.append(MaskedPiecewiseRationalQuadraticAutoregressiveTransform(
                features=dimension, hidden_features=hidden[0], num_bins=bins, tails="linear", tail_bound=tail_bound,
                num_blocks=len(hidden) - 1, use_residual_blocks=False, random_mask=False, activation=function))
        else:
            steps.append(PiecewiseRationalQuadraticCouplingTransform(
                mask=coupling_mask(dimension, layer),
                transform_net_create_fn=lambda i, o: TransformNet(i, o, hidden, function),
                num_bins=bins, tails="linear", tail_bound=tail_bound))
    return Flow(CompositeTransform(steps), StandardNormal([dimension]))


def zuko_flow(model, dimension, layers, hidden, bins, activation="tanh"):
    """zuko's NSF: MADE spline steps alternating the order (randperm False), as ours reverse it. For nsf-coupling,
    zuko's two-pass form (passes=2): a coupling whose masked MLP reads and writes all D features, so it has more
    parameters than a coupler of the halves."""
    import zuko
    return zuko.flows.NSF(dimension, bins=bins, transforms=layers, hidden_features=list(hidden),
                          activation=ACTIVATIONS[activation][1], passes=None if model == "nsf" else 2)


# MARK: - Copying our weights into nflows

def made_order(dimension, width):
    """Our hidden unit i is nflows' unit order[i]: ours hold nflows' degrees k mod (D - 1) + 1 stably sorted."""
    degrees = np.arange(width) % max(1, dimension - 1) + min(1, dimension - 1)
    return np.argsort(degrees, kind="stable")


def feature_major(rows, features, per_feature):
    """Index array r with r[p * n + j] = j * P + p: where each of our output rows goes in nflows' order."""
    return np.array([j * per_feature + p for p in range(per_feature) for j in range(features)])


def placed(ours, row_targets, column_targets, shape):
    out = np.zeros(shape)
    out[np.ix_(row_targets, column_targets)] = ours
    return out


def copy_made(step, tensors, prefix, dimension, hidden, per_feature):
    """Our MADE `prefix.layers.{i}` into nflows' initial_layer, blocks[*].linear and final_layer."""
    made = step.autoregressive_net
    targets = [made.initial_layer] + [block.linear for block in made.blocks] + [made.final_layer]
    orders = [np.arange(dimension)] + [made_order(dimension, w) for w in hidden]
    orders.append(feature_major(None, dimension, per_feature))
    for i, linear in enumerate(targets):
        weight, bias, mask = (tensors[f"{prefix}.layers.{i}.{name}"] for name in ("weight", "bias", "mask"))
        rows, columns = orders[i + 1], orders[i]
        nflows_mask = linear.mask.detach().numpy()
        if not np.array_equal(nflows_mask[np.ix_(rows, columns)], mask):
            raise SystemExit(f"{prefix}.layers.{i}: our mask is not nflows' after the permutation")
        with torch.no_grad():
            linear.weight.copy_(torch.from_numpy(placed(weight, rows, columns, tuple(linear.weight.shape))))
            full_bias = np.zeros(linear.bias.shape)
            full_bias[rows] = bias
            linear.bias.copy_(torch.from_numpy(full_bias))


def copy_coupler(step, tensors, prefix, per_feature):
    """Our MLP `prefix.layers.{i}` into the TransformNet, the last layer's rows in nflows' feature-major order."""
    layers = step.transform_net.layers
    for i, linear in enumerate(layers):
        weight, bias = tensors[f"{prefix}.layers.{i}.weight"], tensors[f"{prefix}.layers.{i}.bias"]
        rows = np.arange(weight.shape[0])
        if i == len(layers) - 1:
            rows = feature_major(None, weight.shape[0] // per_feature, per_feature)
        with torch.no_grad():
            linear.weight.copy_(torch.from_numpy(placed(weight, rows, np.arange(weight.shape[1]), tuple(linear.weight.shape))))
            full_bias = np.zeros(linear.bias.shape)
            full_bias[rows] = bias
            linear.bias.copy_(torch.from_numpy(full_bias))


def sublayer_prefix(tensors, step_index):
    """`steps.{i}.made` or `steps.{i}.coupler`, whichever the file has."""
    for role in ("made", "coupler", "conditioner"):
        if f"steps.{step_index}.{role}.layers.0.weight" in tensors:
            return f"steps.{step_index}.{role}"
    raise SystemExit(f"no network for step {step_index} in the file")


def load_into_nflows(path):
    """nflows' flow of the file's specification in float64 with the file's weights, the file's tensors and metadata."""
    from safetensors import safe_open
    from safetensors.numpy import load_file
    tensors = load_file(path)
    with safe_open(path, framework="np") as handle:
        metadata = handle.metadata()
    spec = json.loads(metadata["specification"])
    model = metadata["model"]
    if model not in ("nsf", "nsf-coupling"):
        raise SystemExit(f"{path}: model {model}; only nsf and nsf-coupling have an exact density to compare")
    if spec.get("usesBatchNorm") or spec.get("inputStandardization"):
        raise SystemExit(f"{path}: batch norm or input standardisation is not part of this comparison")
    dimension, layers, hidden = spec["dimension"], spec["layerCount"], spec["hiddenCounts"]
    bins, tail_bound = spec["spline"]["binCount"], spec["spline"]["tailBound"]
    per_feature = 3 * bins - 1

    torch.manual_seed(0)
    # nflows warns that a coupler without `hidden_features` leaves the softmax inputs unscaled: as ours, on purpose.
    warnings.filterwarnings("ignore", message="Inputs to the softmax are not scaled down")
    flow = nflows_flow(model, dimension, layers, hidden, bins, tail_bound, spec["activation"]).double()
    spline_steps = [s for s in flow._transform._transforms if hasattr(s, "num_bins")]
    for layer, step in enumerate(spline_steps):
        index = 2 * layer if model == "nsf" else layer
        prefix = sublayer_prefix(tensors, index)
        if model == "nsf":
            copy_made(step, tensors, prefix, dimension, hidden, per_feature)
        else:
            copy_coupler(step, tensors, prefix, per_feature)
    flow.eval()
    return flow, tensors, metadata, spec


def check_file(path, tolerance):
    flow, tensors, metadata, spec = load_into_nflows(path)
    model, dimension, layers, hidden = metadata["model"], spec["dimension"], spec["layerCount"], spec["hiddenCounts"]
    bins, tail_bound, activation = spec["spline"]["binCount"], spec["spline"]["tailBound"], spec["activation"]
    x = torch.from_numpy(tensors["reference.inputs"])
    with torch.no_grad():
        theirs = flow.log_prob(x).numpy()
    ours = tensors["reference.logDensity"]
    difference = np.abs(theirs - ours)
    zuko_count = parameter_count(zuko_flow(model, dimension, layers, hidden, bins, activation))
    tails = np.any(np.abs(tensors["reference.inputs"]) > tail_bound, axis=1)
    return dict(file=path, model=model, dimension=dimension, layers=layers, hidden=hidden, bins=bins, tailBound=tail_bound,
                activation=activation, points=int(x.shape[0]), tailPoints=int(tails.sum()),
                oursParameters=int(metadata["parameters"]), nflowsParameters=parameter_count(flow), zukoParameters=zuko_count,
                maxAbsDifference=float(difference.max()), maxAbsDifferenceInTails=float(difference[tails].max()) if tails.any() else 0.0,
                meanLogDensity=float(ours.mean()), worstPoint=int(difference.argmax()), passed=bool(difference.max() <= tolerance))


def check(args):
    rows = [check_file(path, args.tolerance) for path in args.files]
    print(f"{'model':<13} {'D':>3} {'L':>3} {'hidden':<10} {'K':>3} {'B':>4} {'act':<5} {'points':>6} {'tails':>5} "
          f"{'params ours/nflows/zuko':>24} {'max |diff|':>11} {'in tails':>10}")
    for r in rows:
        counts = f"{r['oursParameters']}/{r['nflowsParameters']}/{r['zukoParameters']}"
        print(f"{r['model']:<13} {r['dimension']:>3} {r['layers']:>3} {'x'.join(map(str, r['hidden'])):<10} {r['bins']:>3} "
              f"{r['tailBound']:>4g} {r['activation']:<5} {r['points']:>6} {r['tailPoints']:>5} {counts:>24} "
              f"{r['maxAbsDifference']:>11.2e} {r['maxAbsDifferenceInTails']:>10.2e}")
    failed = [r for r in rows if not r["passed"] or r["oursParameters"] != r["nflowsParameters"]]
    print(json.dumps(dict(tolerance=args.tolerance, versions=versions(), rows=rows, passed=not failed)))
    return 1 if failed else 0


def log_density(args):
    """nflows' float64 log p(x) of the file's flow at the rows of --rows (`x1,x2,...;x1,x2,...`), one per line, to 17
    significant digits: how the Swift tests' golden values were produced."""
    flow, _, _, spec = load_into_nflows(args.file)
    rows = [[float(v) for v in row.split(",")] for row in args.rows.split(";")]
    if any(len(row) != spec["dimension"] for row in rows):
        raise SystemExit(f"every row needs {spec['dimension']} values")
    with torch.no_grad():
        for value in flow.log_prob(torch.tensor(rows, dtype=torch.float64)).tolist():
            print(f"{value:.17g}")
    return 0


# MARK: - Training speed

def train(args):
    torch.set_num_threads(args.threads)
    torch.manual_seed(args.seed)
    shape = dict(SHAPES[args.config])
    if args.bins:
        shape["bins"] = args.bins
    if args.library == "nflows":
        flow = nflows_flow(args.model, shape["dimension"], shape["layers"], shape["hidden"], shape["bins"], args.tail_bound)
        log_prob = flow.log_prob
    else:
        flow = zuko_flow(args.model, shape["dimension"], shape["layers"], shape["hidden"], shape["bins"])
        # zuko's spline covers [-5, 5] by default; use the same B as ours and nflows'.
        for step in flow.transform.transforms:
            step.univariate = _bounded(step.univariate, args.tail_bound)
        log_prob = lambda x: flow().log_prob(x)  # noqa: E731
    optimizer = torch.optim.Adam(flow.parameters(), lr=1e-3)
    rows = torch.randn(shape["rows"], shape["dimension"])
    batch = min(args.batch, shape["rows"])
    order, position = torch.randperm(rows.shape[0]), [0]

    def step():
        nonlocal order
        if position[0] + batch > rows.shape[0]:
            order = torch.randperm(rows.shape[0])
            position[0] = 0
        x = rows[order[position[0]:position[0] + batch]]
        position[0] += batch
        loss = -log_prob(x).mean()
        optimizer.zero_grad(set_to_none=True)
        loss.backward()
        optimizer.step()
        return loss.item()

    timing = timed_steps(step, args.warmup, args.repeats, args.steps, batch)
    print(json.dumps(dict(library=args.library, model=args.model, config=args.config, threads=args.threads, batch=batch,
                          bins=shape["bins"], layers=shape["layers"], hidden=shape["hidden"], params=parameter_count(flow),
                          **timing, **versions())))
    return 0


def _bounded(univariate, bound):
    """zuko's spline constructor with its `bound` set to B."""
    import functools
    return functools.partial(univariate, bound=bound) if not isinstance(univariate, functools.partial) else univariate


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0], formatter_class=argparse.RawDescriptionHelpFormatter,
                                     epilog=__doc__.split("\n", 1)[1])
    commands = parser.add_subparsers(dest="command", required=True)
    c = commands.add_parser("check", help="compare log-densities with nflows")
    c.add_argument("files", nargs="+")
    c.add_argument("--tolerance", type=float, default=1e-6, help="largest absolute difference per point (nats)")
    t = commands.add_parser("train", help="time nflows' or zuko's training steps")
    t.add_argument("--library", choices=["nflows", "zuko"], required=True)
    t.add_argument("--model", choices=["nsf", "nsf-coupling"], default="nsf")
    t.add_argument("--config", choices=list(SHAPES), default="2d")
    t.add_argument("--bins", type=int, help="K (default: the shape's, 8 or 4 for miniboone)")
    t.add_argument("--tail-bound", type=float, default=3.0)
    add_timing_arguments(t)
    d = commands.add_parser("log-density", help="print nflows' float64 log-densities of a file's flow at given rows")
    d.add_argument("file")
    d.add_argument("--rows", required=True, help="rows as x1,x2,...;x1,x2,...")
    args = parser.parse_args()
    return {"check": check, "train": train, "log-density": log_density}[args.command](args)


if __name__ == "__main__":
    sys.exit(main())
