#!/usr/bin/env python3
"""A synthetic regional OpenStreetMap extract, for the `territoire` benchmark.

Writes an OPL file (OSM's one-line text format) that `osmium cat` turns into an .osm.pbf: a
street lattice over a region of France (nodes every `--step` metres, ways of 40 nodes,
residential, tertiary and primary by row), and places among them (markets with opening
hours, supermarkets, mairies, France Services, schools, post offices) every `--poi-every`
nodes. At the default size the .osm.pbf is about 300 MB, the size of a French region's
Geofabrik extract. Deterministic.

    python3 synthetic_osm.py --out /tmp/region.opl && osmium cat /tmp/region.opl -o /tmp/region.osm.pbf
"""
import argparse, math

parser = argparse.ArgumentParser()
parser.add_argument("--out", required=True)
parser.add_argument("--side", type=int, default=9000, help="nodes per side of the lattice")
parser.add_argument("--step", type=float, default=40.0, help="metres between nodes")
parser.add_argument("--west", type=float, default=1.6)
parser.add_argument("--south", type=float, default=43.0)
parser.add_argument("--poi-every", type=int, default=997)
args = parser.parse_args()

n, step = args.side, args.step
dlat = step / 110_574.0
dlon = step / (111_320.0 * math.cos(math.radians(args.south + n * dlat / 2)))
kinds = [
    ("amenity=marketplace,name=Marché%20%{i},opening_hours=We%20%07:00-13:00;%20%Sa%20%07:00-12:30", 0),
    ("shop=supermarket,name=Supermarché%20%{i}", 1),
    ("amenity=townhall,name=Mairie%20%de%20%Village%20%{i}", 2),
    ("office=government,name=France%20%Services%20%{i}", 3),
    ("amenity=school,name=École%20%{i}", 4),
    ("amenity=post_office,name=Bureau%20%de%20%poste%20%{i}", 5),
]
with open(args.out, "w") as out:
    node = 0
    for r in range(n):
        row = []
        for c in range(n):
            node += 1
            # A deterministic jitter of up to ±15 m, as real nodes lie (a lattice of equal
            # steps would compress to nothing in a .osm.pbf).
            h = (node * 0x9E3779B97F4A7C15) & 0xFFFFFFFFFFFFFFFF
            h = ((h ^ (h >> 30)) * 0xBF58476D1CE4E5B9) & 0xFFFFFFFFFFFFFFFF
            h ^= h >> 31
            jx = ((h & 0xFFFF) / 32767.5 - 1) * 15 / step
            jy = (((h >> 16) & 0xFFFF) / 32767.5 - 1) * 15 / step
            x = args.west + (c + jx) * dlon
            y = args.south + (r + jy) * dlat
            tags = ""
            if node % args.poi_every == 0:
                template, _ = kinds[(node // args.poi_every) % len(kinds)]
                tags = " T" + template.format(i=node)
            row.append(f"n{node} v1 x{x:.7f} y{y:.7f}{tags}\n")
        out.write("".join(row))
    way = 0
    segment = 40
    for r in range(n):
        highway = "primary" if r % 50 == 0 else "tertiary" if r % 10 == 0 else "residential"
        for start in range(0, n - 1, segment - 1):
            refs = [r * n + c + 1 for c in range(start, min(start + segment, n))]
            if len(refs) < 2:
                continue
            way += 1
            out.write(f"w{way} v1 Thighway={highway} N" + ",".join(f"n{k}" for k in refs) + "\n")
    for c in range(0, n, 2):
        highway = "primary" if c % 50 == 0 else "residential"
        for start in range(0, n - 1, segment - 1):
            refs = [r * n + c + 1 for r in range(start, min(start + segment, n))]
            if len(refs) < 2:
                continue
            way += 1
            out.write(f"w{way} v1 Thighway={highway} N" + ",".join(f"n{k}" for k in refs) + "\n")
print(f"{node} nodes, {way} ways")
