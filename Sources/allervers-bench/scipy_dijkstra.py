"""The anchor for AllerVers' shortest paths: scipy.sparse.csgraph.dijkstra on the same
synthetic road grid as `allervers-bench dijkstra SIDE SOURCES`, multi-source, min_only=True.

    python3 Sources/allervers-bench/scipy_dijkstra.py SIDE SOURCES

The grid: SIDE × SIDE junctions 100 m apart, node (row i, column j) = i × SIDE + j; row
streets at 30, 50 or 20 km/h (i mod 3), column streets at 25 or 40 km/h (j mod 2), both ways;
sources every SIDE² / SOURCES nodes. Prints the build and search times and a checksum (sum of
finite times in seconds) that must equal AllerVers'.
"""
import sys
import time

import numpy as np
from scipy.sparse import csr_matrix
from scipy.sparse.csgraph import dijkstra

side, count = int(sys.argv[1]), int(sys.argv[2])
started = time.perf_counter()
row_speed = np.array([30.0, 50.0, 20.0]) / 3.6
col_speed = np.array([25.0, 40.0]) / 3.6
i, j = np.meshgrid(np.arange(side), np.arange(side - 1), indexing="ij")
row_from = (i * side + j).ravel()
row_to = row_from + 1
row_w = np.repeat(100.0 / row_speed[np.arange(side) % 3], side - 1)
i, j = np.meshgrid(np.arange(side - 1), np.arange(side), indexing="ij")
col_from = (i * side + j).ravel()
col_to = col_from + side
col_w = np.tile(100.0 / col_speed[np.arange(side) % 2], side - 1)
tails = np.concatenate([row_from, row_to, col_from, col_to])
heads = np.concatenate([row_to, row_from, col_to, col_from])
weights = np.concatenate([row_w, row_w, col_w, col_w])
graph = csr_matrix((weights, (tails, heads)), shape=(side * side, side * side))
built = time.perf_counter() - started
sources = np.arange(0, side * side, max(1, side * side // count))[:count]
started = time.perf_counter()
times = dijkstra(graph, directed=True, indices=sources, min_only=True)
searched = time.perf_counter() - started
finite = times[np.isfinite(times)]
print(f'{{"engine": "scipy {__import__("scipy").__version__}", "nodes": {side * side}, "arcs": {graph.nnz}, '
      f'"sources": {len(sources)}, "build_s": {built:.3f}, "search_s": {searched:.3f}, "checksum": {finite.sum():.3f}}}')
