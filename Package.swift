// swift-tools-version: 6.0
import PackageDescription

/// AllerVers: where people miss the social benefits they are owed, and where to meet them.
/// Modules follow the data: inputs → grid and zones → overlay → risk → outreach → cartography → CLI.
let package = Package(
    name: "AllerVers",
    defaultLocalization: "fr",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "allervers", targets: ["allervers"])
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/LebJe/TOMLKit", from: "0.6.0"),
        .package(url: "https://github.com/apple/swift-crypto", from: "3.12.3"),
    ],
    targets: [
        // C libraries from Debian, through pkg-config. Only GeoBindings imports them (CRSVG: MapPrinting).
        .systemLibrary(name: "CGDAL", pkgConfig: "gdal", providers: [.apt(["libgdal-dev"])]),
        .systemLibrary(name: "CPROJ", pkgConfig: "proj", providers: [.apt(["libproj-dev"])]),
        .systemLibrary(name: "CSQLite", pkgConfig: "sqlite3", providers: [.apt(["libsqlite3-dev"])]),
        // glibc's malloc_trim (Support's FreedMemory).
        .systemLibrary(name: "CMalloc"),
        .systemLibrary(name: "CRSVG", pkgConfig: "cairo", providers: [.apt(["librsvg2-dev", "libcairo2-dev"])]),
        .target(name: "GeoBindings", dependencies: ["CGDAL", "CPROJ", "CSQLite", "GeometryCore", "Support"]),
        // Pure Swift geometry: points, rings, polygons, INSPIRE grid cell ids.
        .target(name: "GeometryCore", dependencies: ["Support"]),
        // Small helpers every floor shares: French numbers, compensated sums, the deterministic
        // parallel map, partial files removed on interruption.
        .target(name: "Support", dependencies: ["CMalloc"]),
        // The files AllerVers ships with (Data/: model, plan and category rules, street profiles,
        // the bundled territories; Styles/: map styles; the words' tables en.lproj, fr.lproj), as
        // SwiftPM resources copied beside the binary: the binary and its bundle run from any folder.
        .target(
            name: "BundledFiles", dependencies: ["Support"], path: ".", sources: ["Sources/BundledFiles/BundledFiles.swift"],
            resources: [.copy("Data"), .copy("Styles"), .process("Sources/BundledFiles/Resources")]
        ),
        // Readers for every input a planner has: carroyage, IRIS, Cafdata, points of interest,
        // and the TOML settings files a planner edits (model, plan, style, territory).
        .target(
            name: "Inputs",
            dependencies: ["Support", "GeoBindings", "GeometryCore", .product(name: "TOMLKit", package: "TOMLKit")]
        ),
        // The territory file a planner edits (territory.toml): its inputs, its plan and siting
        // settings; read with every error at its line, and written by `territoire`.
        .target(name: "TerritoryFile", dependencies: ["Support", "Inputs", "Outreach"]),
        // A territory cut from the national files a planner downloads once (Filosofi cells,
        // Contours IRIS, Cafdata, an OpenStreetMap extract), with its places found in OSM.
        .target(name: "Extraction", dependencies: ["Support", "BundledFiles", "GeometryCore", "GeoBindings", "Inputs", "Network", "Exports", "TerritoryFile"]),
        // Exact coverage fractions of grid cells by zones, aggregation, mass accounting.
        .target(name: "Overlay", dependencies: ["Support", "GeometryCore", "Inputs"]),
        // The non-recours model: indicators, estimates with intervals, score, classes, per-cell risk.
        .target(name: "Risk", dependencies: ["Support", "GeometryCore", "Inputs", "Overlay"]),
        // A scored file AllerVers wrote, read back (any GDAL format) and checked: its zones, scores,
        // intervals and classes, and the scoring summary beside it.
        .target(name: "ScoredFiles", dependencies: ["Support", "GeometryCore", "GeoBindings", "Inputs", "Overlay", "Risk"]),
        // Travel times: straight line × detour, or the OpenStreetMap street network (profiles,
        // graph, snapping, Dijkstra).
        .target(name: "Network", dependencies: ["Support", "GeometryCore", "GeoBindings", "Inputs"]),
        // Outreach: candidate stops, the month calendar, stop selection with its bound, routes.
        .target(name: "Outreach", dependencies: ["Support", "GeoBindings", "GeometryCore", "Inputs", "Network", "Overlay", "Risk", "ScoredFiles"]),
        // Maps: SVG choropleths with legend, hatching, outlines; styles; the maps' composition.
        .target(name: "Cartography", dependencies: ["Support", "GeometryCore", "GeoBindings", "Inputs", "Overlay", "Risk", "ScoredFiles"]),
        // Maps printed on a page (PDF, PNG) from their SVG, with librsvg and cairo.
        .target(name: "MapPrinting", dependencies: ["CRSVG", "Cartography", "Support"]),
        // The documents a comité and a team read: the printed dossier, the plan's tables and
        // calendar.
        .target(
            name: "Documents",
            dependencies: [
                "Support", "Exports", "Outreach", "Network", "Cartography", "ScoredFiles", "MapPrinting", "Risk", "Inputs", "GeoBindings", "GeometryCore",
            ]
        ),
        // Writing outputs whole or not at all: CSV, and vector formats through GDAL; the scored
        // territory's tables; output folders; the layers' GeoPackage for QGIS.
        .target(name: "Exports", dependencies: ["Support", "GeoBindings", "GeometryCore", "Inputs", "Overlay", "Risk", "ScoredFiles", "Cartography"]),
        // The jobs a planner runs, orchestration only: each reads, calls the modules above and
        // writes (scoring, maps, plan, siting, a whole territory into one output folder).
        .target(
            name: "Workflows",
            dependencies: [
                "Support", "BundledFiles", "Inputs", "Extraction", "TerritoryFile", "Overlay", "Risk", "ScoredFiles", "Network", "Outreach", "Cartography",
                "MapPrinting", "Exports", "Documents",
                "GeoBindings", "GeometryCore", .product(name: "Crypto", package: "swift-crypto"),
            ]
        ),
        // The commands' options and the groups they share (inputs, outputs, dates, threads, the
        // one place the thread count is decided), the checks in the command line's words, and
        // the parser's text in French; tested without the binary.
        .target(
            name: "CommandOptions",
            dependencies: [
                "Support", "BundledFiles", "Workflows", "Exports", "Extraction", "GeoBindings", "GeometryCore", "Cartography", "MapPrinting", "Network",
                "Outreach",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        // The command line only: each command names its options and calls its workflow.
        .executableTarget(
            name: "allervers",
            dependencies: [
                "CommandOptions", "BundledFiles", "Extraction", "ScoredFiles", "Support", "Workflows", "Cartography", "Documents", "MapPrinting", "Outreach",
                "Overlay",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        // Benchmarks of the product's own cores (release mode), figures in the README.
        .executableTarget(
            name: "allervers-bench", dependencies: ["Support", "GeoBindings", "GeometryCore", "Inputs", "Network", "Outreach", "Risk"],
            exclude: ["scipy_dijkstra.py", "synthetic_osm.py"]
        ),
        // Paths to Data/ and Tests/BadInputs, temporary folders, running the built binary.
        .target(name: "TestSupport", path: "Tests/TestSupport"),
        // GDAL and GEOS called directly, as independent oracles (intersection areas, rendered
        // rasters): not through GeoBindings, whose conversions the tests check.
        .target(name: "GeoOracles", dependencies: ["CGDAL", "GeometryCore"], path: "Tests/GeoOracles"),
        .testTarget(name: "GeometryCoreTests", dependencies: ["GeometryCore", "TestSupport"]),
        .testTarget(name: "SupportTests", dependencies: ["Support", "TestSupport"]),
        .testTarget(name: "GeoBindingsTests", dependencies: ["GeoBindings", "GeometryCore", "GeoOracles", "TestSupport"]),
        .testTarget(name: "InputsTests", dependencies: ["Inputs", "GeoBindings", "GeometryCore", "Support", "TestSupport"]),
        .testTarget(name: "ExtractionTests", dependencies: ["Extraction", "Inputs", "GeoBindings", "GeometryCore", "Support", "TestSupport"]),
        .testTarget(
            name: "OverlayTests",
            dependencies: ["Overlay", "Inputs", "GeoBindings", "GeometryCore", "GeoOracles", "Support", "TestSupport"]
        ),
        .testTarget(name: "RiskTests", dependencies: ["Support", "Risk", "Overlay", "Inputs", "TestSupport"]),
        .testTarget(name: "NetworkTests", dependencies: ["Network", "GeometryCore", "GeoBindings", "Inputs", "TestSupport"]),
        .testTarget(name: "OutreachTests", dependencies: ["Outreach", "Network", "GeometryCore", "Inputs", "TestSupport"]),
        .testTarget(name: "DocumentsTests", dependencies: ["Documents", "Cartography", "Outreach", "Support", "TestSupport"]),
        .testTarget(name: "ScoredFilesTests", dependencies: ["ScoredFiles", "Inputs", "Risk", "Support", "TestSupport"]),
        .testTarget(name: "CartographyTests", dependencies: ["Cartography", "ScoredFiles", "GeometryCore", "Inputs", "Risk", "TestSupport"]),
        .testTarget(name: "ExportsTests", dependencies: ["Exports", "GeoBindings", "GeometryCore", "Support", "TestSupport"]),
        // Seeded mutations of the real Bondy files through every reader and command.
        .testTarget(
            name: "FuzzTests",
            dependencies: [
                "Inputs", "Risk", "Outreach", "Network", "Cartography", "Overlay", "GeoBindings", "GeometryCore", "Exports", "MapPrinting", "TestSupport",
                "Workflows", "TerritoryFile",
            ]
        ),
        .testTarget(
            name: "WorkflowsTests",
            dependencies: [
                "Workflows", "BundledFiles", "ScoredFiles", "TerritoryFile", "CommandOptions", "Cartography", "Exports", "GeoBindings", "GeometryCore",
                "Inputs", "MapPrinting", "Outreach", "Overlay", "Risk", "Support",
                "TestSupport",
            ]
        ),
        .testTarget(
            name: "CommandOptionsTests",
            dependencies: [
                "CommandOptions", "Workflows", "Exports", "GeoBindings", "Support", .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        // The binary end to end: it depends on `allervers`, built with the tests.
        .testTarget(name: "CommandLineTests", dependencies: ["allervers", "TestSupport", "GeoBindings", "GeoOracles", "GeometryCore", "Inputs"]),
    ],
    swiftLanguageModes: [.v6]
)

// Members of extensions are visible only where their module is imported: a dependency's
// extension (TOMLKit adds `subscript(key:)` to every `[String: String]`) cannot silently
// capture `dictionary[key] = value` in modules that never imported it.
for target in package.targets where target.type != .system {
    target.swiftSettings = (target.swiftSettings ?? []) + [.enableUpcomingFeature("MemberImportVisibility")]
}

// The bundled files' target sits at the package's root, for Data/ and Styles/: everything else
// there belongs to the other targets, or to no target.
if let bundled = package.targets.first(where: { $0.name == "BundledFiles" }) {
    let others = package.targets.filter { $0.name != "BundledFiles" && [.regular, .executable].contains($0.type) && $0.path == nil }.map {
        "Sources/\($0.name)"
    }
    bundled.exclude = ["README.md", "Tests"] + others
}
