"""The Gaussian-linear task of the simulation-based-inference benchmark (Lueckmann et al., AISTATS 2021, Appendix T.1):
theta ~ N(0, 0.1 I) in 10 dimensions and x | theta ~ N(theta, 0.1 I), whose posterior is known in closed form,
p(theta | x) = N(x / 2, 0.05 I).

  simulate ROWS OUT.csv [--seed S]    ROWS simulated pairs, columns theta1..theta10 then x1..x10
  observe OUT.csv [--seed S]          one observation x_o (a pair drawn the same way, its theta kept in theta1..10)
  score PAIRS.csv PER_POINT.csv       the true posterior's log p(theta | x) of each pair beside lgf evaluate --per-point's
                                      learned log q(theta | x) of the same pairs: means and the paired difference
  compare SAMPLES.csv OBSERVATION.csv [--figure OUT.png]
                                      lgf sample's draws of theta given x_o against the true posterior: the error of
                                      their mean and standard deviations, and a figure of theta1, theta2

Needs numpy (and matplotlib for --figure).
"""
import argparse
import csv
import sys

import numpy as np

D, PRIOR_VARIANCE, NOISE_VARIANCE = 10, 0.1, 0.1
POSTERIOR_VARIANCE = 1 / (1 / PRIOR_VARIANCE + 1 / NOISE_VARIANCE)  # 0.05


def pairs(rows, seed):
    generator = np.random.default_rng(seed)
    theta = generator.normal(0, np.sqrt(PRIOR_VARIANCE), size=(rows, D))
    x = theta + generator.normal(0, np.sqrt(NOISE_VARIANCE), size=(rows, D))
    return np.hstack([theta, x])


def write(path, values):
    with open(path, "w", newline="") as file:
        writer = csv.writer(file)
        writer.writerow([f"theta{i + 1}" for i in range(D)] + [f"x{i + 1}" for i in range(D)])
        writer.writerows([[f"{v:.9g}" for v in row] for row in values])


def read(path):
    with open(path) as file:
        rows = list(csv.reader(file))
    return rows[0], np.array([[float(v) for v in row] for row in rows[1:]])


def posterior_mean(x):
    return POSTERIOR_VARIANCE / NOISE_VARIANCE * x  # x / 2


def true_log_posterior(values):
    theta, x = values[:, :D], values[:, D:]
    return (-0.5 * D * np.log(2 * np.pi * POSTERIOR_VARIANCE)
            - 0.5 * ((theta - posterior_mean(x)) ** 2).sum(axis=1) / POSTERIOR_VARIANCE)


def score(args):
    _, pairs_ = read(args.pairs)
    names, learned = read(args.per_point)
    learned = learned[:, names.index("logLikelihood")]
    true = true_log_posterior(pairs_)
    difference = learned - true
    n = len(true)
    print(f"{n} held-out pairs: mean log p(theta | x) true {true.mean():.4f} ± {true.std() / np.sqrt(n):.4f}, "
          f"learned {learned.mean():.4f} ± {learned.std() / np.sqrt(n):.4f}; "
          f"learned - true {difference.mean():.4f} ± {difference.std() / np.sqrt(n):.4f} nats (paired)")
    return 0


def compare(args):
    names, samples = read(args.samples)
    _, observation = read(args.observation)
    x_o = observation[0, D:]
    theta = samples[:, [names.index(f"theta{i + 1}") for i in range(D)]]
    mean, std = posterior_mean(x_o), np.sqrt(POSTERIOR_VARIANCE)
    mean_error = np.abs(theta.mean(axis=0) - mean)
    std_ratio = theta.std(axis=0) / std
    print(f"{len(theta)} draws given x_o; true posterior N(x_o / 2, {POSTERIOR_VARIANCE:g} I), std {std:.4f}")
    print(f"  |mean - x_o/2| per coordinate: max {mean_error.max():.4f}, mean {mean_error.mean():.4f} (in posterior stds: max {mean_error.max() / std:.3f})")
    print(f"  std / true std per coordinate: min {std_ratio.min():.3f}, max {std_ratio.max():.3f}, mean {std_ratio.mean():.3f}")
    correlation = np.corrcoef(theta.T)[np.triu_indices(D, 1)]
    print(f"  largest |correlation| between coordinates: {np.abs(correlation).max():.3f} (true 0)")
    if args.figure:
        import matplotlib
        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
        figure, axes = plt.subplots(1, 2, figsize=(9, 4.2))
        axes[0].scatter(theta[:2000, 0], theta[:2000, 1], s=2, alpha=0.35, color="tab:blue", label="lgf sample, given x_o")
        circle = np.linspace(0, 2 * np.pi, 200)
        for k in (1, 2, 3):
            axes[0].plot(mean[0] + k * std * np.cos(circle), mean[1] + k * std * np.sin(circle), color="black", linewidth=0.8,
                         label="true posterior, 1-3 sd" if k == 1 else None)
        axes[0].plot(*observation[0, :2], "r*", markersize=10, label="true theta")
        axes[0].set_xlabel("theta1"); axes[0].set_ylabel("theta2"); axes[0].set_aspect("equal"); axes[0].legend(fontsize=7, loc="upper right")
        grid = np.linspace(mean[0] - 4 * std, mean[0] + 4 * std, 200)
        axes[1].hist(theta[:, 0], bins=60, density=True, color="tab:blue", alpha=0.5, label="lgf sample, given x_o")
        axes[1].plot(grid, np.exp(-0.5 * ((grid - mean[0]) / std) ** 2) / (std * np.sqrt(2 * np.pi)), color="black", label="true posterior")
        axes[1].set_xlabel("theta1"); axes[1].legend(fontsize=7)
        figure.suptitle("Gaussian-linear task: learned p(theta | x_o) against the true posterior")
        figure.tight_layout()
        figure.savefig(args.figure, dpi=110)
        print(f"  figure: {args.figure}")
    return 0


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0], formatter_class=argparse.RawDescriptionHelpFormatter,
                                     epilog=__doc__.split("\n", 1)[1])
    commands = parser.add_subparsers(dest="command", required=True)
    s = commands.add_parser("simulate")
    s.add_argument("rows", type=int)
    s.add_argument("output")
    s.add_argument("--seed", type=int, default=0)
    o = commands.add_parser("observe")
    o.add_argument("output")
    o.add_argument("--seed", type=int, default=1)
    r = commands.add_parser("score")
    r.add_argument("pairs")
    r.add_argument("per_point")
    c = commands.add_parser("compare")
    c.add_argument("samples")
    c.add_argument("observation")
    c.add_argument("--figure")
    args = parser.parse_args()
    if args.command == "simulate":
        write(args.output, pairs(args.rows, args.seed))
    elif args.command == "observe":
        write(args.output, pairs(1, args.seed))
    elif args.command == "score":
        return score(args)
    else:
        return compare(args)
    return 0


if __name__ == "__main__":
    sys.exit(main())
