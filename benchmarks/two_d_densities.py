#!/usr/bin/env python3
"""Seeded 2-D test densities that are not in lgf's catalogue, with their log-density in closed form or by
accurate numerical quadrature, for checking the defaults `lgf train` picks for a user's file.

For each density NAME it writes, into the output folder (CSV with a header `x1,x2`):

    NAME-train.csv         10,000 rows
    NAME-validation.csv     1,000 rows
    NAME-test.csv           5,000 rows
    NAME-small-train.csv    1,000 rows      (the 1,000-row variant: give it with
    NAME-small-validation.csv 250 rows       NAME-test.csv as its test file)

and `optima.json`: for every density the optimum E[log p*(x)] estimated on its test file (the mean of
log p* over the 5,000 test points, with its standard error), which is what a perfect model would score on
the same points, plus two checks on a grid over a box holding nearly all the mass: that p* integrates to one,
and ∫ p* log p*, which the test file's mean should match within its standard error.

    python3 benchmarks/two_d_densities.py OUTPUT_FOLDER [--seed 0]

Every draw comes from numpy's PCG64 seeded with --seed (and the density's position in the list), so the
files are reproducible. Needs numpy only.
"""
import argparse
import json
import math
import os

import numpy as np

LOG_2PI = math.log(2 * math.pi)


def log_normal(x, mean, std):
    return -0.5 * ((x - mean) / std) ** 2 - math.log(std) - 0.5 * LOG_2PI


def log_std_normal_cdf(x):
    return math.log(0.5 * math.erfc(-x / math.sqrt(2)))


def logsumexp(a, axis):
    m = np.max(a, axis=axis, keepdims=True)
    return np.squeeze(m, axis=axis) + np.log(np.sum(np.exp(a - m), axis=axis))


class Ring:
    """One ring: angle uniform, radius N(R, s²) truncated to r > 0. p(x) = N(|x|; R, s) / (2π |x| Φ(R/s))."""
    name = "ring"
    radius, noise = 2.5, 0.15

    def sample(self, n, rng):
        r = np.empty(0)
        while r.size < n:
            draw = rng.normal(self.radius, self.noise, size=n)
            r = np.concatenate([r, draw[draw > 0]])
        r = r[:n]
        angle = rng.uniform(0, 2 * math.pi, size=n)
        return np.stack([r * np.cos(angle), r * np.sin(angle)], axis=1)

    def log_density(self, x):
        r = np.hypot(x[:, 0], x[:, 1])
        return log_normal(r, self.radius, self.noise) - np.log(2 * math.pi * r) - log_std_normal_cdf(self.radius / self.noise)


class Moons:
    """Two interleaved half circles of radius 1 (scikit-learn's `make_moons` layout) with isotropic Gaussian
    noise s: p(x) = ½ Σ_moons (1/π) ∫_0^π N(x; c(θ), s² I) dθ, by the midpoint rule on 4,000 nodes per moon
    (node spacing 8e-4 against a kernel width of 0.1: a relative quadrature error below 1e-5)."""
    name = "moons"
    noise = 0.1
    nodes = 4_000

    @staticmethod
    def centres(theta, moon):
        if moon == 0:
            return np.stack([np.cos(theta), np.sin(theta)], axis=-1)
        return np.stack([1 - np.cos(theta), 0.5 - np.sin(theta)], axis=-1)

    def sample(self, n, rng):
        moon = rng.integers(0, 2, size=n)
        theta = rng.uniform(0, math.pi, size=n)
        c = np.where(moon[:, None] == 0, self.centres(theta, 0), self.centres(theta, 1))
        return c + self.noise * rng.standard_normal((n, 2))

    def log_density(self, x):
        theta = (np.arange(self.nodes) + 0.5) * math.pi / self.nodes
        terms = []
        for moon in (0, 1):
            c = self.centres(theta, moon)
            out = np.empty(len(x))
            for start in range(0, len(x), 500):
                chunk = x[start:start + 500]
                d2 = ((chunk[:, None, :] - c[None, :, :]) ** 2).sum(-1)
                log_kernel = -0.5 * d2 / self.noise ** 2 - 2 * math.log(self.noise) - LOG_2PI
                out[start:start + 500] = logsumexp(log_kernel, axis=1) - math.log(self.nodes)
            terms.append(out)
        return logsumexp(np.stack(terms, axis=1), axis=1) - math.log(2)


class Banana:
    """A twisted Gaussian: x1 ~ N(0, a²), x2 | x1 ~ N(b x1² + c, s²); p(x) = N(x1; 0, a) N(x2; b x1² + c, s)."""
    name = "banana"
    a, b, c, s = 1.2, 0.6, -1.5, 0.3

    def sample(self, n, rng):
        x1 = rng.normal(0, self.a, size=n)
        x2 = self.b * x1 ** 2 + self.c + rng.normal(0, self.s, size=n)
        return np.stack([x1, x2], axis=1)

    def log_density(self, x):
        return log_normal(x[:, 0], 0, self.a) + log_normal(x[:, 1], self.b * x[:, 0] ** 2 + self.c, self.s)


class Mixture5:
    """Five Gaussians of unequal weights, scales and correlations, some overlapping and some narrow."""
    name = "mixture5"
    weights = np.array([0.30, 0.25, 0.20, 0.15, 0.10])
    means = np.array([[0.0, 0.0], [3.0, 1.0], [-2.5, 2.0], [1.0, -3.0], [-2.0, -2.0]])
    # (std1, std2, correlation)
    shapes = [(1.0, 0.3, 0.0), (0.4, 0.4, 0.0), (0.8, 0.2, 0.9), (1.2, 0.5, -0.6), (0.15, 0.15, 0.0)]

    def covariances(self):
        return [np.array([[s1 * s1, r * s1 * s2], [r * s1 * s2, s2 * s2]]) for s1, s2, r in self.shapes]

    def sample(self, n, rng):
        k = rng.choice(5, size=n, p=self.weights)
        z = rng.standard_normal((n, 2))
        chol = np.stack([np.linalg.cholesky(c) for c in self.covariances()])
        return self.means[k] + np.einsum("nij,nj->ni", chol[k], z)

    def log_density(self, x):
        terms = []
        for w, mean, cov in zip(self.weights, self.means, self.covariances()):
            d = x - mean
            inv = np.linalg.inv(cov)
            quad = np.einsum("ni,ij,nj->n", d, inv, d)
            terms.append(math.log(w) - 0.5 * quad - 0.5 * math.log(np.linalg.det(cov)) - LOG_2PI)
        return logsumexp(np.stack(terms, axis=1), axis=1)


class Pinwheel:
    """Five twisted arms (after Johnson et al., 2016): in arm k, (r, t) ~ N(1, s_r²) × N(0, s_t²) and
    x = R(2πk/5 + w r) (r, t). With w ρ < 1 at every reachable radius ρ = |x| the map is one-to-one
    (the angle grows monotonically along each circle), so p_k(x) = N(r) N(t) / |1 − w t| at the single preimage,
    found by bisection on the circle of radius |x|; p = (1/5) Σ_k p_k."""
    name = "pinwheel"
    arms, radial, tangential, twist = 5, 0.3, 0.08, 0.3
    # The grid check integrates over this disc only: outside it |x| > 1 + 7.3 s_r, a mass below 1e-12.
    grid_radius = 3.2

    def sample(self, n, rng):
        k = rng.integers(0, self.arms, size=n)
        r = rng.normal(1, self.radial, size=n)
        t = rng.normal(0, self.tangential, size=n)
        angle = 2 * math.pi * k / self.arms + self.twist * r
        return np.stack([np.cos(angle) * r - np.sin(angle) * t, np.sin(angle) * r + np.cos(angle) * t], axis=1)

    def log_density(self, x):
        rho = np.hypot(x[:, 0], x[:, 1])
        assert np.all(self.twist * rho < 1), "a point beyond the radius where the map stays one-to-one"
        target = np.arctan2(x[:, 1], x[:, 0])
        terms = []
        for k in range(self.arms):
            base = 2 * math.pi * k / self.arms
            # g(α) = α + base + w ρ cos α − target increases by exactly 2π over [−π, π] (g' = 1 − w ρ sin α > 0),
            # so g − 2πm has one zero there for m = ⌈g(−π) / 2π⌉; bisection finds it.
            def g(alpha):
                return alpha + base + self.twist * rho * np.cos(alpha) - target
            m = np.ceil(g(np.full(len(x), -math.pi)) / (2 * math.pi))
            a, b = np.full(len(x), -math.pi), np.full(len(x), math.pi)
            for _ in range(60):
                mid = 0.5 * (a + b)
                below = g(mid) - 2 * math.pi * m < 0
                a = np.where(below, mid, a)
                b = np.where(below, b, mid)
            alpha = 0.5 * (a + b)
            assert np.max(np.abs(g(alpha) - 2 * math.pi * m)) < 1e-9
            r, t = rho * np.cos(alpha), rho * np.sin(alpha)
            terms.append(log_normal(r, 1, self.radial) + log_normal(t, 0, self.tangential) - np.log(np.abs(1 - self.twist * t)))
        return logsumexp(np.stack(terms, axis=1), axis=1) - math.log(self.arms)


DENSITIES = [Ring(), Moons(), Banana(), Mixture5(), Pinwheel()]
SIZES = {"train": 10_000, "validation": 1_000, "test": 5_000, "small-train": 1_000, "small-validation": 250}


def grid_integrals(density, box, points=400):
    """∫ p and ∫ p log p over the box by the midpoint rule. The first should be 1 (up to the mass outside the box
    and the grid's error); the second is E[log p*] without sampling, so it checks the sampler against the density
    (the test file's mean of log p* should agree with it within its standard error)."""
    (x0, x1), (y0, y1) = box
    xs = x0 + (np.arange(points) + 0.5) * (x1 - x0) / points
    ys = y0 + (np.arange(points) + 0.5) * (y1 - y0) / points
    grid = np.stack(np.meshgrid(xs, ys, indexing="ij"), axis=-1).reshape(-1, 2)
    cell = (x1 - x0) * (y1 - y0) / points ** 2
    radius = getattr(density, "grid_radius", None)
    if radius is not None:
        grid = grid[np.hypot(grid[:, 0], grid[:, 1]) < radius]
    log_p = density.log_density(grid)
    p = np.exp(log_p)
    return float(p.sum() * cell), float((p * np.where(p > 0, log_p, 0)).sum() * cell)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("output")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--skip-mass-check", action="store_true", help="skip the grid integration of each density")
    args = parser.parse_args()
    os.makedirs(args.output, exist_ok=True)
    optima = {}
    for index, density in enumerate(DENSITIES):
        rng = np.random.Generator(np.random.PCG64([args.seed, index]))
        splits = {split: density.sample(n, rng) for split, n in SIZES.items()}
        for split, rows in splits.items():
            np.savetxt(os.path.join(args.output, f"{density.name}-{split}.csv"), rows, delimiter=",", header="x1,x2", comments="", fmt="%.9g")
        written = np.loadtxt(os.path.join(args.output, f"{density.name}-test.csv"), delimiter=",", skiprows=1)
        log_p = density.log_density(written)
        entry = {"optimum": float(log_p.mean()), "standardError": float(log_p.std(ddof=1) / math.sqrt(len(log_p))),
                 "testRows": len(log_p), "seed": args.seed}
        if not args.skip_mass_check:
            span = np.abs(np.concatenate(list(splits.values()))).max() + 1
            entry["massOnGrid"], entry["expectedLogDensityOnGrid"] = grid_integrals(density, ((-span, span), (-span, span)))
        optima[density.name] = entry
        print(f"{density.name:9s} optimum E[log p*] on its test file {entry['optimum']:.4f} ± {entry['standardError']:.4f}"
              + (f"   on a grid: ∫p {entry['massOnGrid']:.5f}, ∫p log p {entry['expectedLogDensityOnGrid']:.4f}" if "massOnGrid" in entry else ""))
    with open(os.path.join(args.output, "optima.json"), "w") as f:
        json.dump(optima, f, indent=2)
        f.write("\n")


if __name__ == "__main__":
    main()
