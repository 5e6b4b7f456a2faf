#!/usr/bin/env python3
"""Prints the median of a bench's runs, with every run beside it.

usage: median.py LABEL FILE RUNS UNIT TARGET
FILE holds one figure per line, one per run that completed (RUNS were started).
"""
import statistics
import sys

label, path, runs, unit, target = sys.argv[1:6]
figures = [float(x) for x in open(path).read().split()]
shown = ", ".join(f"{x:,.0f}" for x in figures)
print(f"{label}: median {statistics.median(figures):,.0f} {unit} over {len(figures)} of {runs} "
      f"runs ({shown}; target {target})")
