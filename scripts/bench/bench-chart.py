#!/usr/bin/env python3
"""docs/benchmarks.png from a results.json of scripts/bench/bench-peers: throughput by tool and set, and scaling by
workers."""
import json
import sys

import matplotlib
matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402


def main(path, out):
    data = json.load(open(path))
    rows = [r for r in data["summary"] if not r.get("failed")]
    sets = sorted({r["set"] for r in rows}, key=["jpeg", "png", "large", "small"].index)
    peers = [p for p in dict.fromkeys(r["peer"] for r in rows) if not (p.startswith("augment-") and p[8:-1].isdigit()
                                                                        and int(p[8:-1]) > 2)]
    fig, axes = plt.subplots(1, 2, figsize=(15, 6), gridspec_kw={"width_ratios": [3, 1]})
    ax = axes[0]
    width = 0.8 / max(1, len(sets))
    for i, s in enumerate(sets):
        vals = []
        for p in peers:
            r = next((r for r in rows if r["set"] == s and r["peer"] == p), None)
            vals.append(r["vs_ref"] if r and r["vs_ref"] else 0)
        ax.barh([k + i * width for k in range(len(peers))], vals, height=width, label=s)
    ax.set_yticks([k + width * (len(sets) - 1) / 2 for k in range(len(peers))])
    ax.set_yticklabels(peers)
    ax.invert_yaxis()
    ax.axvline(1, color="gray", lw=0.8)
    ax.set_xlabel("speed vs the Pillow + ProcessPoolExecutor recipe, 2 workers (higher is faster)")
    ax.set_title("Throughput by tool and set (median of rounds, same run)")
    ax.legend()
    ax = axes[1]
    for s in sets:
        pts = sorted((int(r["peer"][8:-1]), r["img_s"]) for r in rows
                     if r["set"] == s and r["peer"].startswith("augment-") and r["peer"][8:-1].isdigit())
        if pts:
            ax.plot([p[0] for p in pts], [p[1] / pts[0][1] for p in pts], marker="o", label=s)
    ax.set_xlabel("workers (-j)")
    ax.set_ylabel("speed-up over -j 1 (images/s ratio)")
    ax.set_title("augment scaling (2 cores here)")
    ax.legend()
    fig.tight_layout()
    fig.savefig(out, dpi=90)


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
