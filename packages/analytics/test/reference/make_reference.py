#!/usr/bin/python3
"""Reference values for @folio/analytics' tests, computed by the libraries analysts trust.

Run with Debian's interpreter (pandas lives there, not in the pyenv python first on PATH):

    apt-get install -y python3-numpy python3-pandas python3-scipy python3-sklearn python3-cvxopt
    /usr/bin/python3 packages/analytics/test/reference/make_reference.py

It reads PyPortfolioOpt's test data from ../shared/data/stock_prices.csv (beside the checkout) and
writes reference.json beside this script. Every figure comes from a library call — pandas'
pct_change/cov/cummax, numpy's quantile/cov, scipy's norm/linregress/pearsonr, scikit-learn's
ledoit_wolf, cvxopt's QP solver — so the tests check our TypeScript against them, not against itself.
"""
import json
import os

import numpy as np
import pandas as pd
from cvxopt import matrix, solvers
from scipy import stats
from sklearn.covariance import ledoit_wolf

HERE = os.path.dirname(os.path.abspath(__file__))
CSV = os.path.join(HERE, "..", "..", "..", "..", "..", "shared", "data", "stock_prices.csv")

prices = pd.read_csv(CSV, parse_dates=True, index_col="date")
ref = {"source": "packages/analytics/test/reference/make_reference.py", "versions": {
    "numpy": np.__version__, "pandas": pd.__version__, "scipy": __import__("scipy").__version__,
    "sklearn": __import__("sklearn").__version__, "cvxopt": __import__("cvxopt").__version__,
}}


def returns_of(frame):
    """pct_change on the union of the frame's dates (rows where every column is blank dropped first)."""
    return frame.dropna(how="all").pct_change(fill_method=None).iloc[1:]


# --- Expected returns and sample covariance on the whole file (PyPortfolioOpt's conventions) ---
rets = returns_of(prices)
ref["mean_historical"] = {
    "compounding": ((1 + rets).prod() ** (252 / rets.count()) - 1).tolist(),
    "arithmetic": (rets.mean() * 252).tolist(),
}
ref["sample_cov"] = (rets.cov() * 252).values.tolist()

# --- Ledoit–Wolf (scikit-learn), on the dates where every ticker has a return ---
complete = rets.dropna(how="any")
shrunk, shrinkage = ledoit_wolf(complete.values)
ref["ledoit_wolf_complete_rows"] = {"rows": len(complete), "shrinkage": float(shrinkage),
                                    "matrix": (shrunk * 252).tolist()}
# …and PyPortfolioOpt's way (missing returns zero-filled), to show the same routine gives its figure.
zero_filled = np.nan_to_num(rets.values)
shrunk_zero, shrinkage_zero = ledoit_wolf(zero_filled)
ref["ledoit_wolf_zero_filled"] = {"shrinkage": float(shrinkage_zero), "matrix": (shrunk_zero * 252).tolist()}

# --- Portfolio risk on a window where FB lists mid-way (unequal histories) ---
weights = {"AAPL": 0.3, "FB": 0.2, "JPM": 0.25, "XOM": 0.15}  # 10 % cash at 0 %
benchmark = "GE"
window = prices.loc["2011-01-01":"2018-04-11"]
tickers = list(weights)
w = np.array([weights[t] for t in tickers])
port_rets = returns_of(window[tickers]).dropna(how="any") @ w
risk = {"weights": weights, "benchmark": benchmark, "from": "2011-01-01", "to": "2018-04-11",
        "observations": int(len(port_rets)), "cases": []}
for confidence, horizon in [(0.95, 1), (0.99, 10), (0.9, 5), (0.999, 1)]:
    q = np.quantile(port_rets.values, 1 - confidence)  # numpy's default: linear interpolation
    tail = port_rets.values[port_rets.values <= q]
    mu, sigma = port_rets.mean(), port_rets.std(ddof=1)
    z = stats.norm.ppf(1 - confidence)
    risk["cases"].append({
        "confidence": confidence, "horizon_days": horizon,
        "historical": {"var": float(-q * np.sqrt(horizon)), "cvar": float(-tail.mean() * np.sqrt(horizon))},
        "parametric": {
            "var": float(-(mu * horizon + sigma * np.sqrt(horizon) * z)),
            "cvar": float(-(mu * horizon - sigma * np.sqrt(horizon) * stats.norm.pdf(z) / (1 - confidence))),
        },
    })
wealth = pd.concat([pd.Series([1.0]), (1 + port_rets).cumprod()], ignore_index=True)
risk["max_drawdown"] = float((1 - wealth / wealth.cummax()).max())
risk["annual_return"] = float((1 + port_rets).prod() ** (252 / len(port_rets)) - 1)
risk["annual_volatility"] = float(port_rets.std(ddof=1) * np.sqrt(252))
# Beta and correlation on the union of the portfolio's and the benchmark's dates.
with_bench = returns_of(window[tickers + [benchmark]]).dropna(how="any")
port_b, bench_b = with_bench[tickers] @ w, with_bench[benchmark]
risk["beta_observations"] = int(len(with_bench))
risk["beta"] = float(stats.linregress(bench_b.values, port_b.values).slope)
risk["beta_numpy_cov"] = float(np.cov(port_b, bench_b, ddof=1)[0, 1] / np.var(bench_b, ddof=1))
risk["correlation"] = float(stats.pearsonr(port_b.values, bench_b.values)[0])
ref["risk"] = risk

# --- Φ⁻¹ and φ (scipy) for the parametric figures ---
ps = [1e-12, 1e-9, 1e-6, 1e-4, 0.001, 0.01, 0.025, 0.05, 0.075, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.9, 0.925,
      0.95, 0.975, 0.99, 0.999, 0.999999]
ref["normal_ppf"] = [[p, float(stats.norm.ppf(p))] for p in ps]
ref["normal_pdf"] = [[x, float(stats.norm.pdf(x))] for x in [-3.5, -1.6448536269514729, 0.0, 0.5, 2.3263478740408408]]

# --- Efficient frontier points by cvxopt's QP (min wᵀΣw, μᵀw = r, Σw = 1, 0 ≤ w ≤ 1) ---
mu_vec = ((1 + rets).prod() ** (252 / rets.count()) - 1).values
sigma_mat = (rets.cov() * 252).values
n = len(mu_vec)
solvers.options.update({"show_progress": False, "abstol": 1e-12, "reltol": 1e-12, "feastol": 1e-12})
points = []
for target in [0.16, 0.2, 0.25, 0.3, 0.35, 0.38]:
    sol = solvers.qp(matrix(2 * sigma_mat), matrix(np.zeros(n)),
                     matrix(np.vstack([-np.eye(n), np.eye(n)])), matrix(np.hstack([np.zeros(n), np.ones(n)])),
                     matrix(np.vstack([mu_vec, np.ones(n)])), matrix([target, 1.0]))
    assert sol["status"] == "optimal", (target, sol["status"])
    wts = np.array(sol["x"]).ravel()
    points.append({"target_return": target, "volatility": float(np.sqrt(wts @ sigma_mat @ wts))})
ref["frontier_cvxopt"] = points

with open(os.path.join(HERE, "reference.json"), "w") as out:
    json.dump(ref, out, indent=1)
    out.write("\n")
print("wrote", os.path.join(HERE, "reference.json"))
