import Foundation
import GeoBindings
import GeometryCore
import Support

/// Reads Filosofi 200 m cells from CSV (fast, parallel) or from any GDAL vector format
/// (GeoPackage…), in the 2015, 2017 and 2019+ layouts, column names matched ignoring case.
public enum FilosofiReader {
    /// Count variables published in the 200 m files, 2015 to 2019 (canonical lowercase names).
    public static let knownVariables: [String] = [
        "ind", "men", "men_pauv", "men_1ind", "men_5ind", "men_prop", "men_fmp", "ind_snv", "men_surf",
        "men_coll", "men_mais", "log_av45", "log_45_70", "log_70_90", "log_ap90", "log_inc", "log_soc",
        "ind_0_3", "ind_4_5", "ind_6_10", "ind_11_17", "ind_18_24", "ind_25_39", "ind_40_54", "ind_55_64",
        "ind_65_79", "ind_80p", "ind_inc",
    ]
    public static let idNames = ["idcar_200m", "idinspire"]
    static let imputedNames = ["i_est_200", "i_est_cr"]
    static let communeNames = ["lcog_geo", "depcom"]
    /// Identifiers and flags that are not counts.
    static let otherKnownColumns: Set<String> = [
        "idcar_1km", "idcar_nat", "i_est_1km", "id_carr1km", "id_carr_n", "id_car2010", "groupe", "i_pauv",
        "fid", "geom", "geometry", "wkt",
    ]

    /// The roles of a header's columns.
    struct Schema {
        var vintage: FilosofiVintage
        var idColumn: Int
        var imputedColumn: Int?
        /// The cells' communes (`lcog_geo`): nil when the file has none, or when a run that never
        /// reads them (an aggregation) leaves them.
        var communeColumn: Int?
        var variableColumns: [(index: Int, name: String)]
        var ignored: [String]
        var mapping: [(source: String, canonical: String)]
        var headerCount: Int = 0
        /// The grid of the file's first cell (EPSG code, resolution), which every cell must
        /// share: the first cell that does not is the one named, whichever piece it falls in.
        var grid: (epsg: Int32, resolution: Int32)?
    }

    static func schema(header: [String], file: String) throws(InputError) -> Schema {
        let lowered = header.map { $0.trimmingCharacters(in: .whitespaces).lowercased() }
        guard let idColumn = lowered.firstIndex(where: { idNames.contains($0) }) else {
            throw InputError(
                file: file, line: 1,
                words(
                    "colonne de l'identifiant de carreau absente : attendu « idcar_200m » (2017 et après) ou « IdINSPIRE » (2015) ; trouvé %1$@%2$@",
                    header.prefix(8).joined(separator: ", "), header.count > 8 ? ", …" : "")
            )
        }
        let vintage: FilosofiVintage =
            lowered[idColumn] == "idinspire"
            ? .v2015
            : (header[idColumn].first?.isUppercase == true ? .v2017 : .v2019)
        let imputedColumn = lowered.firstIndex { imputedNames.contains($0) }
        let communeColumn = lowered.firstIndex { communeNames.contains($0) }
        var variables: [(Int, String)] = []
        var ignored: [String] = []
        var mapping: [(String, String)] = [(header[idColumn], "idcar_200m")]
        if let imputedColumn { mapping.append((header[imputedColumn], "i_est_200")) }
        if let communeColumn { mapping.append((header[communeColumn], "lcog_geo")) }
        var seen: Set<String> = []
        for (i, name) in lowered.enumerated() where i != idColumn && i != imputedColumn && i != communeColumn {
            let isCount =
                knownVariables.contains(name)
                || (!otherKnownColumns.contains(name) && (name.hasPrefix("ind_") || name.hasPrefix("men_") || name.hasPrefix("log_")))
            if isCount {
                guard seen.insert(name).inserted else {
                    throw InputError(file: file, line: 1, field: header[i], words("colonne présente deux fois"))
                }
                variables.append((i, name))
                mapping.append((header[i], name))
            } else {
                ignored.append(header[i])
            }
        }
        guard !variables.isEmpty else {
            throw InputError(
                file: file, line: 1, words("aucune colonne de comptage (attendu ind, men, men_pauv…)"))
        }
        return Schema(
            vintage: vintage, idColumn: idColumn, imputedColumn: imputedColumn, communeColumn: communeColumn,
            variableColumns: variables, ignored: ignored, mapping: mapping, headerCount: header.count
        )
    }

    /// Reads a cells file, CSV or any GDAL vector format, chosen by content. `variables`
    /// (lowercase) limits the count columns parsed from a CSV to those a job uses (with `ind`
    /// and `men`, which the plausibility checks need); nil reads them all. Without `communes`,
    /// a CSV's `lcog_geo` is neither read nor checked (for a job that never looks at it).
    public static func read(path: String, layer: String? = nil, variables: Set<String>? = nil, communes: Bool = true, threads: Int) throws -> CellTable {
        let ext = URL(fileURLWithPath: path).pathExtension.lowercased()
        if ["csv", "txt", "tsv"].contains(ext) { return try readCSV(path: path, variables: variables, communes: communes, threads: threads) }
        return try readVector(path: path, layer: layer)
    }

    /// The grid's EPSG code as the first cell of a CSV announces it (its id), read from the
    /// file's first bytes; nil when the file is not a CSV or its start says nothing clear.
    /// A hint to start work early (the zones reprojected into the grid while the cells are
    /// read), never a check: `read` validates every cell.
    public static func announcedGridEPSG(path: String) -> Int32? {
        let ext = URL(fileURLWithPath: path).pathExtension.lowercased()
        guard ["csv", "txt", "tsv"].contains(ext), let source = try? FileBlocks(path: path), var bytes = try? source.next(1 << 16) else { return nil }
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { bytes.removeFirst(3) }
        return bytes.withUnsafeBufferPointer { buffer -> Int32? in
            let headerRange = DelimitedText.firstLine(buffer)
            let reader = DelimitedText(bytes: buffer, delimiter: DelimitedText.guessDelimiter(header: buffer[headerRange]))
            var idColumn: Int?
            var epsg: Int32?
            reader.forEachRecord(in: 0..<buffer.count, firstLineNumber: 1) { _, fields in
                guard let column = idColumn else {
                    idColumn = fields.firstIndex { idNames.contains(reader.string($0).trimmingCharacters(in: .whitespaces).lowercased()) }
                    return idColumn != nil
                }
                if column < fields.count {
                    let field = fields[column]
                    epsg = GridCellID.parse(UnsafeBufferPointer(rebasing: buffer[field.start..<field.end]))?.epsg
                }
                return false
            }
            return epsg.flatMap { GridCellID.knownGridEPSG.contains($0) ? $0 : nil }
        }
    }

    // MARK: CSV

    /// One chunk's share of the cells.
    private struct Chunk: Sendable {
        var easting: [Int32] = []
        var northing: [Int32] = []
        var epsg: Int32 = 0
        var resolution: Int32 = 0
        var imputed: [Bool] = []
        /// The count columns' values while parsing: scaled integers, or doubles for a column
        /// that holds some other number (`ColumnStore`).
        var values: ColumnStore
        /// The same once parsed (`finishColumns`): what joins the table.
        var columns: [CellColumn] = []
        init(columnCount: Int, capacity: Int = 0) { values = ColumnStore(width: columnCount, capacity: capacity) }

        /// Turns the parsed values into columns and frees the store; a column read as doubles
        /// (from a GeoPackage) is made compact when its values allow (`compactDoubles`).
        mutating func finishColumns(compactDoubles: Bool) {
            columns = (0..<values.width).map { values.column($0, compactDoubles: compactDoubles) }
            values = ColumnStore(width: 0, capacity: 0)
        }
        var communes = CommuneLists()
        var lines: [Int32] = []
        /// The newlines of the piece, once parsed.
        var newlines = 0
    }

    /// Bytes of the file read per step: the file is never held whole (a national file is
    /// half a gigabyte), only one block and the cells parsed so far.
    static let blockSize = 32 << 20

    public static func readCSV(path: String, variables: Set<String>? = nil, communes: Bool = true, threads: Int) throws(InputError) -> CellTable {
        try readCSV(path: path, variables: variables, communes: communes, threads: threads, blockSize: blockSize)
    }

    /// `fastLines`: whether well-formed lines are read in one pass (`PlainLines`); off, every
    /// line is split into fields first, as the tests compare.
    static func readCSV(
        path: String, variables: Set<String>?, communes: Bool = true, threads: Int, blockSize: Int, fastLines: Bool = true
    ) throws(InputError) -> CellTable {
        let source = try FileBlocks(path: path)
        var pending = try source.next(blockSize)
        if pending.starts(with: [0xEF, 0xBB, 0xBF]) { pending.removeFirst(3) }
        if pending.prefix(4096).contains(0) {
            throw InputError(
                file: path, words("est un fichier binaire, attendu un CSV de carreaux Filosofi"))
        }
        let file = path
        // The header: the first line of the first block (more blocks if it is longer).
        while !pending.contains(0x0A) {
            let more = try source.next(blockSize)
            if more.isEmpty { break }
            pending += more
        }
        let (schema, delimiter, bodyStart) = try pending.withUnsafeBufferPointer { (buffer) throws(InputError) -> (Schema, UInt8, Int) in
            let headerRange = DelimitedText.firstLine(buffer)
            let delimiter = DelimitedText.guessDelimiter(header: buffer[headerRange])
            let reader = DelimitedText(bytes: buffer, delimiter: delimiter)
            var header: [String] = []
            reader.forEachRecord(in: headerRange, firstLineNumber: 1) { _, fields in
                header = fields.map { reader.string($0) }
                return false
            }
            var schema = try Self.schema(header: header, file: file)
            if let variables {
                let kept = variables.union(["ind", "men"])
                schema.variableColumns = schema.variableColumns.filter { kept.contains($0.name) }
            }
            if !communes { schema.communeColumn = nil }
            var start = headerRange.upperBound
            while start < buffer.count, buffer[start] == 0x0D || buffer[start] == 0x0A { start += 1 }
            reader.forEachRecord(in: start..<buffer.count, firstLineNumber: 2) { _, fields in
                if schema.idColumn < fields.count,
                    let id = GridCellID.parse(UnsafeBufferPointer(rebasing: buffer[fields[schema.idColumn].start..<fields[schema.idColumn].end]))
                {
                    schema.grid = (id.epsg, id.resolution)
                }
                return false
            }
            return (schema, delimiter, start)
        }
        var line = 1 + newlines(in: pending, 0..<bodyStart)
        // One buffer for the whole file, refilled after the partial line that ends each block:
        // no fresh allocation (and page faults) per block.
        var filled = pending.count - bodyStart
        var buffer = Self.buffer(size: Swift.max(filled + 1, Swift.min(blockSize, source.size)), holding: pending[bodyStart...])
        pending = []
        // Block by block: the complete lines are parsed in parallel pieces, the last partial
        // line waits for the next block; the cells join the table on another thread while the
        // next block is read and parsed (in order: a block's join waits for the one before).
        let assembly = AssemblyInProgress(Assembly(schema: schema, file: file))
        var joining: BackgroundWork<Void>?
        /// Waits for the block being joined; its error (an earlier line's) comes first.
        func joined() throws(InputError) {
            do {
                try joining?.wait()
            } catch let error as InputError {
                throw error
            } catch {
                throw InputError(file: file, "\(error)")
            }
            joining = nil
        }
        var reserved = false
        while true {
            // A line longer than the buffer: make room.
            if filled == buffer.count { buffer = Self.buffer(size: buffer.count * 2, holding: buffer[..<filled]) }
            var failure: InputError?
            let got = buffer.withUnsafeMutableBytes { bytes -> Int in
                do throws(InputError) {
                    return try source.read(into: UnsafeMutableRawBufferPointer(rebasing: bytes[filled...]))
                } catch {
                    failure = error
                    return 0
                }
            }
            if let failure { throw failure }
            filled += got
            let atEnd = got == 0
            let end = atEnd ? filled : (buffer[..<filled].lastIndex(of: 0x0A).map { $0 + 1 } ?? 0)
            if end > 0 {
                let pieces = max(1, min(threads * 2, end / (1 << 20)))
                var bounds: [Int] = [0]
                for k in 1..<pieces {
                    var cut = end * k / pieces
                    while cut < end, buffer[cut - 1] != 0x0A { cut += 1 }
                    if cut > bounds.last! { bounds.append(cut) }
                }
                if bounds.last! < end || bounds.count == 1 { bounds.append(end) }
                let parsed: [Chunk], lines: Int
                do {
                    (parsed, lines) = try parseChunks(
                        buffer, bounds: bounds, firstLine: line, schema: schema, delimiter: delimiter, file: file, threads: threads,
                        fastLines: fastLines)
                } catch {
                    try joined()
                    throw error
                }
                // After the first block, room for the whole file's cells at its density of
                // lines (the columns then grow without copies).
                let cells = parsed.reduce(0) { $0 + $1.easting.count }
                let room = !reserved && !atEnd && cells > 0 ? Int(Double(cells) * Double(source.size) / Double(end) * 1.02) + 16 : nil
                reserved = true
                try joined()
                joining = BackgroundWork(threads: threads) {
                    if let room { assembly.table.reserve(room) }
                    try assembly.table.append(parsed, threads: threads)
                }
                line += lines
                // The partial line to the front.
                buffer.withUnsafeMutableBytes { bytes in
                    if filled > end { memmove(bytes.baseAddress!, bytes.baseAddress! + end, filled - end) }
                }
                filled -= end
            }
            if atEnd { break }
        }
        try joined()
        return try assembly.take(schema: schema, file: file).finish(threads: threads)
    }

    /// A buffer of `size` bytes starting with `bytes`; the rest is left for reads to fill.
    private static func buffer(size: Int, holding bytes: ArraySlice<UInt8>) -> [UInt8] {
        [UInt8](unsafeUninitializedCapacity: size) { buffer, initialized in
            _ = buffer.initialize(from: bytes)
            initialized = size
        }
    }

    /// The pieces between `bounds`, parsed in parallel, numbered from `firstLine`; and the
    /// newlines they hold. Each piece counts its lines from 0 as it parses them (no pass of
    /// its own over the bytes); they are numbered in the file once every piece before is
    /// known, as is the line of the first piece's error.
    private static func parseChunks(
        _ shared: [UInt8], bounds: [Int], firstLine: Int, schema: Schema, delimiter: UInt8, file: String, threads: Int, fastLines: Bool
    ) throws(InputError) -> (chunks: [Chunk], newlines: Int) {
        let ranges = (0..<(bounds.count - 1)).map { bounds[$0]..<bounds[$0 + 1] }
        let parsed: [Result<Chunk, InputError>]
        do {
            parsed = try parallelMap(count: ranges.count, threads: threads) { k in
                Result { () throws(InputError) in
                    try parseChunk(shared, range: ranges[k], schema: schema, delimiter: delimiter, file: file, fastLines: fastLines)
                }
            }
        } catch {
            throw InputError(file: file, "\(error)")
        }
        var chunks: [Chunk] = []
        chunks.reserveCapacity(parsed.count)
        var offset = firstLine
        for result in parsed {
            switch result {
            case .failure(var error):
                error.line = error.line.map { $0 + offset }
                throw error
            case .success(var chunk):
                chunk.lines.withUnsafeMutableBufferPointer { lines in
                    for i in lines.indices { lines[i] = Int32(clamping: Int(lines[i]) + offset) }
                }
                offset += chunk.newlines
                chunks.append(chunk)
            }
        }
        return (chunks, offset - firstLine)
    }

    /// The cells of the lines in `range`, numbered from 0 (their lines and errors' lines),
    /// with the newlines passed.
    private static func parseChunk(
        _ bytes: [UInt8], range: Range<Int>, schema: Schema, delimiter: UInt8, file: String, fastLines: Bool
    ) throws(InputError) -> Chunk {
        let expectedFields = schema.variableColumns.map(\.index).max().map { Swift.max($0, schema.idColumn) + 1 } ?? 1
        // Rows expected in the range: a row holds at least a byte and a delimiter per field,
        // so a file of many columns is not taken for millions of rows (a million columns
        // once asked for 100 GB); the store grows if the guess is short.
        let estimate = range.count / Swift.max(150, 2 * expectedFields) + 16
        var chunk = Chunk(columnCount: schema.variableColumns.count, capacity: estimate)
        chunk.easting.reserveCapacity(estimate)
        chunk.northing.reserveCapacity(estimate)
        chunk.lines.reserveCapacity(estimate)
        let commaDecimal = delimiter == 0x3B
        // A 200 m (or 1 km) cell holds at most tens of thousands of people; sums of incomes
        // (ind_snv) reach about 10⁹ €.
        let ceilings = schema.variableColumns.map { $0.name.hasSuffix("_snv") ? 1e12 : 1e6 }
        // The ceilings times 10^d, for a plain decimal's digits of d decimals (d ≤ 6), and
        // the columns' places: raw memory, read in the hot loop without retaining anything.
        let width = schema.variableColumns.count
        let scaledCeilings = UnsafeMutablePointer<UInt64>.allocate(capacity: Swift.max(1, width * 7))
        let variableFields = UnsafeMutablePointer<Int>.allocate(capacity: Swift.max(1, width))
        defer {
            scaledCeilings.deallocate()
            variableFields.deallocate()
        }
        for k in 0..<width {
            variableFields[k] = schema.variableColumns[k].index
            for d in 0...6 { scaledCeilings[k * 7 + d] = UInt64(ceilings[k]) * UInt64(powerOfTen(d)) }
        }
        if let grid = schema.grid { (chunk.epsg, chunk.resolution) = grid }
        let store = chunk.values
        var failure: InputError?
        let plainLines = fastLines ? PlainLines(schema: schema, ceilings: scaledCeilings, commaDecimal: commaDecimal) : nil
        bytes.withUnsafeBufferPointer { buffer in
            let reader = DelimitedText(bytes: buffer, delimiter: delimiter)
            // A well-formed line read in one pass, each column as it comes; any other (a quote,
            // a sign, a blank, too many fields…) split into fields below, which says what is wrong.
            // (Both closures written in the call: a closure kept in a constant escapes, and the
            // chunk it changes would be checked for exclusive access at every line.)
            chunk.newlines = reader.forEachRecord(
                in: range, firstLineNumber: 0,
                plainLine: { line, start, end in
                    plainLines?.read(line: line, start..<end, of: reader, into: &chunk, store: store) ?? false
                }
            ) { line, fields in
                guard fields.count >= expectedFields else {
                    failure = InputError(
                        file: file, line: line,
                        words("a %1$@ champs, attendu au moins %2$@ (ligne tronquée ou mauvais séparateur ?)", fields.count, expectedFields))
                    return false
                }
                // More fields than the header: an unquoted decimal comma (0,3) or a stray
                // delimiter shifts every following column. Empty trailing fields are harmless.
                if schema.headerCount > 0 && fields.count > schema.headerCount
                    && fields[schema.headerCount...].contains(where: { $0.end > $0.start })
                {
                    failure = InputError(
                        file: file, line: line,
                        words(
                            "a %1$@ champs, l'en-tête en a %2$@ : une virgule décimale sans guillemets ou un séparateur en trop décalerait les colonnes",
                            fields.count, schema.headerCount)
                    )
                    return false
                }
                let idField = fields[schema.idColumn]
                let idBytes = UnsafeBufferPointer(rebasing: buffer[idField.start..<idField.end])
                guard let id = GridCellID.parse(idBytes) else {
                    failure = .badValue(
                        file: file, line: line, field: "idcar_200m", found: reader.string(idField),
                        expected: words("un identifiant de carreau INSPIRE comme CRS3035RES200mN2891800E3770600"))
                    return false
                }
                if chunk.epsg == 0 {
                    chunk.epsg = id.epsg
                    chunk.resolution = id.resolution
                } else if id.epsg != chunk.epsg || id.resolution != chunk.resolution {
                    failure = .badValue(
                        file: file, line: line, field: "idcar_200m", found: reader.string(idField),
                        expected: words("la même grille que les autres carreaux (CRS%1$@RES%2$@m)", chunk.epsg, chunk.resolution))
                    return false
                }
                chunk.easting.append(id.easting)
                chunk.northing.append(id.northing)
                chunk.lines.append(Int32(clamping: line))
                store.reserveRow()
                for k in 0..<width {
                    let field = fields[variableFields[k]]
                    // A plain decimal of at most 6 decimals under its ceiling (the usual
                    // case) goes to the store as an integer, never through a double; into a
                    // column already in doubles, as its value, without a second scan.
                    if let plain = plainDecimal(buffer, from: field.start, to: field.end, commaDecimal: commaDecimal), plain.fractionDigits <= 6,
                        plain.mantissa <= scaledCeilings[k * 7 + plain.fractionDigits]
                    {
                        if !store.set(mantissa: plain.mantissa, fractionDigits: plain.fractionDigits, column: k) {
                            store.set(plainValue(mantissa: plain.mantissa, fractionDigits: plain.fractionDigits), column: k)
                        }
                        continue
                    }
                    let column = schema.variableColumns[k]
                    guard let value = parseDecimal(buffer, from: field.start, to: field.end, commaDecimal: commaDecimal),
                        value >= 0
                    else {
                        failure = .badValue(
                            file: file, line: line, field: column.name, found: reader.string(field),
                            expected: words("un nombre positif ou nul"))
                        return false
                    }
                    let ceiling = ceilings[k]
                    guard value <= ceiling else {
                        failure = .badValue(
                            file: file, line: line, field: column.name, found: reader.string(field),
                            expected: words("un effectif plausible pour un carreau (au plus %1$@)", ceiling == 1e6 ? "1 000 000" : "10¹²"))
                        return false
                    }
                    store.set(value, column: k)
                }
                store.commitRow()
                if let imputedColumn = schema.imputedColumn {
                    guard imputedColumn < fields.count else {
                        failure = InputError(file: file, line: line, field: "i_est_200", words("absent (ligne trop courte)"))
                        return false
                    }
                    let field = fields[imputedColumn]
                    switch parseDecimal(buffer, from: field.start, to: field.end) {
                    case 0: chunk.imputed.append(false)
                    case 1: chunk.imputed.append(true)
                    default:
                        failure = .badValue(file: file, line: line, field: "i_est_200", found: reader.string(field), expected: words("0 ou 1"))
                        return false
                    }
                } else {
                    chunk.imputed.append(false)
                }
                // Without the column, no cell lists a commune (nothing stored); a line too short
                // for it lists none.
                if let communeColumn = schema.communeColumn {
                    if communeColumn < fields.count {
                        let field = fields[communeColumn]
                        guard chunk.communes.appendField(buffer, from: field.start, to: field.end) else {
                            failure = .badValue(
                                file: file, line: line, field: "lcog_geo", found: reader.string(field),
                                expected: words("des codes de commune de 5 caractères, accolés ou séparés par des virgules"))
                            return false
                        }
                    } else {
                        _ = chunk.communes.append(lcog: "")
                    }
                }
                return true
            }
        }
        if let failure { throw failure }
        chunk.finishColumns(compactDoubles: false)
        return chunk
    }

    /// The one-pass reading of a well-formed line of the cells: what each column up to the last
    /// one read is, the values of the line kept aside, and the line taken only when every field
    /// is as expected — a grid cell's identifier of the chunk's grid, plain decimals under
    /// their ceilings (no sign, no space, at most six decimals), `0` or `1` for the imputation,
    /// commune codes that cannot fail, no more fields than the header. It then stores exactly
    /// what the field-by-field reading would (a test reads files both ways); anything else is
    /// left to that reading, which names the problem. The split into fields took a fifth of
    /// the reading of a national file, its 78 million fields each written and read back.
    private final class PlainLines {
        /// A column's part: a variable's number (0…), or one of these.
        static let skipped = -1, identifier = -2, imputation = -3, commune = -4
        let roles: [Int]
        /// For a skipped column: how many skipped columns follow from it (itself included).
        let skippedRuns: [Int]
        let headerCount: Int
        let hasCommunes: Bool
        let width: Int
        /// Each variable's ceiling times 10^d for d decimals (`width` × 7), the chunk's own.
        let ceilings: UnsafeMutablePointer<UInt64>
        let commaDecimal: Bool
        let mantissas: UnsafeMutablePointer<UInt64>
        let decimals: UnsafeMutablePointer<Int>

        /// Nil when two parts would share a column (the field-by-field reading then reads all).
        init?(schema: Schema, ceilings: UnsafeMutablePointer<UInt64>, commaDecimal: Bool) {
            let last = ([schema.idColumn, schema.imputedColumn ?? -1, schema.communeColumn ?? -1] + schema.variableColumns.map(\.index)).max() ?? 0
            var roles = [Int](repeating: Self.skipped, count: last + 1)
            func assign(_ role: Int, to column: Int) -> Bool {
                guard roles[column] == Self.skipped else { return false }
                roles[column] = role
                return true
            }
            guard assign(Self.identifier, to: schema.idColumn) else { return nil }
            if let column = schema.imputedColumn, !assign(Self.imputation, to: column) { return nil }
            if let column = schema.communeColumn, !assign(Self.commune, to: column) { return nil }
            for (k, column) in schema.variableColumns.enumerated() where !assign(k, to: column.index) { return nil }
            self.roles = roles
            var runs = [Int](repeating: 0, count: roles.count)
            for column in roles.indices.reversed() where roles[column] == Self.skipped {
                runs[column] = 1 + (column + 1 < roles.count ? runs[column + 1] : 0)
            }
            skippedRuns = runs
            headerCount = schema.headerCount
            hasCommunes = schema.communeColumn != nil
            width = schema.variableColumns.count
            self.ceilings = ceilings
            self.commaDecimal = commaDecimal
            mantissas = .allocate(capacity: Swift.max(1, width))
            decimals = .allocate(capacity: Swift.max(1, width))
        }

        deinit {
            mantissas.deallocate()
            decimals.deallocate()
        }

        /// Reads the line `span` (without its newline) into `chunk` and `store`; false, with
        /// nothing stored, when the line is not one this reading takes.
        @inline(__always)
        func read(line: Int, _ span: Range<Int>, of reader: DelimitedText, into chunk: inout Chunk, store: ColumnStore) -> Bool {
            guard let base = reader.bytes.baseAddress else { return false }
            var end = span.upperBound
            if end > span.lowerBound, base[end - 1] == 0x0D { end -= 1 }
            let delimiter = reader.delimiter
            var position = span.lowerBound
            var fields = 0
            var cell: GridCellID?
            var imputed = false
            var communes = 0..<0
            while true {
                let role = roles[fields]
                let fieldEnd: Int
                if role == Self.skipped {
                    // The run of columns not read, to the delimiter after its last one (or to
                    // the line's end, when it has fewer fields).
                    let run = skippedRuns[fields]
                    let (runEnd, found) = reader.position(ofDelimiter: run, from: position, before: end)
                    fieldEnd = runEnd
                    fields += found < run ? found : run - 1
                } else if role >= 0 {
                    // Digits, then a decimal mark and digits: the plain decimal's mantissa and decimals.
                    var mantissa: UInt64 = 0
                    var cursor = position
                    while cursor < end, case let digit = base[cursor] &- 0x30, digit <= 9 {
                        mantissa = mantissa &* 10 &+ UInt64(digit)
                        cursor += 1
                    }
                    let integerDigits = cursor - position
                    var fractionDigits = 0
                    if cursor < end, base[cursor] == 0x2E || (commaDecimal && base[cursor] == 0x2C) {
                        cursor += 1
                        let first = cursor
                        while cursor < end, case let digit = base[cursor] &- 0x30, digit <= 9 {
                            mantissa = mantissa &* 10 &+ UInt64(digit)
                            cursor += 1
                        }
                        fractionDigits = cursor - first
                        guard fractionDigits > 0 else { return false }
                    }
                    guard integerDigits > 0, integerDigits + fractionDigits <= 15, fractionDigits <= 6,
                        mantissa <= ceilings[role * 7 + fractionDigits]
                    else { return false }
                    mantissas[role] = mantissa
                    decimals[role] = fractionDigits
                    fieldEnd = cursor
                } else {
                    fieldEnd = reader.boundary(from: position, before: end)
                    switch role {
                    case Self.identifier:
                        cell = GridCellID.parse(UnsafeBufferPointer(rebasing: reader.bytes[position..<fieldEnd]))
                        guard cell != nil else { return false }
                    case Self.imputation:
                        guard fieldEnd == position + 1, base[position] == 0x30 || base[position] == 0x31 else { return false }
                        imputed = base[position] == 0x31
                    case Self.commune:
                        // Codes side by side (no separator), which the commune lists always take.
                        let length = fieldEnd - position
                        guard length <= 8 || length % 5 == 0 else { return false }
                        for i in position..<fieldEnd where base[i] == 0x2C || base[i] == 0x20 || base[i] == 0x3B { return false }
                        communes = position..<fieldEnd
                    default: break
                    }
                }
                fields += 1
                if fieldEnd >= end { break }
                // A number followed by anything but the delimiter is not a plain line.
                guard base[fieldEnd] == delimiter else { return false }
                position = fieldEnd + 1
                if fields == roles.count {
                    // The columns after the last one read: counted only.
                    fields += 1 + reader.position(ofDelimiter: Int.max, from: position, before: end).found
                    break
                }
            }
            guard fields >= roles.count, headerCount == 0 || fields <= headerCount, let cell else { return false }
            if chunk.epsg == 0 {
                chunk.epsg = cell.epsg
                chunk.resolution = cell.resolution
            } else if cell.epsg != chunk.epsg || cell.resolution != chunk.resolution {
                return false
            }
            chunk.easting.append(cell.easting)
            chunk.northing.append(cell.northing)
            chunk.lines.append(Int32(clamping: line))
            store.reserveRow()
            for k in 0..<width where !store.set(mantissa: mantissas[k], fractionDigits: decimals[k], column: k) {
                store.set(plainValue(mantissa: mantissas[k], fractionDigits: decimals[k]), column: k)
            }
            store.commitRow()
            chunk.imputed.append(imputed)
            if hasCommunes { _ = chunk.communes.appendField(reader.bytes, from: communes.lowerBound, to: communes.upperBound) }
            return true
        }
    }

    /// Newlines in a span of bytes.
    static func newlines(in bytes: [UInt8], _ span: Range<Int>) -> Int {
        bytes.withUnsafeBufferPointer { buffer in
            guard let base = buffer.baseAddress, !span.isEmpty else { return 0 }
            var count = 0
            var position = base + span.lowerBound
            let end = base + span.upperBound
            while position < end, let found = memchr(position, 0x0A, end - position) {
                count += 1
                position = UnsafePointer(found.assumingMemoryBound(to: UInt8.self)) + 1
            }
            return count
        }
    }

    /// The table being assembled, handed from block to block to the thread that joins each
    /// (one at a time: a block's join starts once the one before has ended).
    private final class AssemblyInProgress: @unchecked Sendable {
        var table: Assembly
        init(_ table: Assembly) { self.table = table }

        /// The table, no longer held here (its columns' only reference).
        func take(schema: Schema, file: String) -> Assembly {
            var taken = Assembly(schema: schema, file: file)
            swap(&taken, &table)
            return taken
        }
    }

    /// The table built block by block: each block's chunks are appended as soon as they are
    /// parsed and then freed, so the cells are never held twice (the chunks and the table).
    private struct Assembly {
        var table: CellTable
        let file: String

        init(schema: Schema, file: String) {
            self.file = file
            table = CellTable(
                source: file, vintage: schema.vintage, gridEPSG: 0, resolution: 0, easting: [], northing: [], imputed: [],
                variableNames: schema.variableColumns.map(\.name), columns: Array(repeating: CellColumn(), count: schema.variableColumns.count),
                communes: CommuneLists(), sourceLines: [], ignoredColumns: schema.ignored, columnMapping: schema.mapping
            )
        }

        /// Room for about `count` cells in all, so that the columns do not grow by copies.
        mutating func reserve(_ count: Int) {
            HugePages.reserve(&table.easting, capacity: count)
            HugePages.reserve(&table.northing, capacity: count)
            HugePages.reserve(&table.imputed, capacity: count)
            HugePages.reserve(&table.sourceLines, capacity: count)
            for i in table.columns.indices { table.columns[i].reserve(count) }
        }

        mutating func append(_ chunks: consuming [Chunk], threads: Int = 1) throws(InputError) {
            let added = chunks.reduce(0) { $0 + $1.easting.count }
            // Beyond the estimate, the columns double (never a copy per block).
            if table.easting.capacity < table.easting.count + added { reserve(Swift.max(table.easting.count + added, 2 * table.easting.capacity)) }
            let chunks = chunks.filter { !$0.easting.isEmpty }
            for chunk in chunks {
                if table.gridEPSG == 0 {
                    table.gridEPSG = chunk.epsg
                    table.resolution = chunk.resolution
                } else if chunk.epsg != table.gridEPSG || chunk.resolution != table.resolution {
                    let line = Int(chunk.lines.first ?? 0)
                    throw InputError(
                        file: file, line: line, field: "idcar_200m",
                        words(
                            "carreau de la grille CRS%1$@RES%2$@m parmi des carreaux de la grille CRS%3$@RES%4$@m", chunk.epsg, chunk.resolution,
                            table.gridEPSG, table.resolution))
                }
            }
            for chunk in chunks {
                table.easting.append(contentsOf: chunk.easting)
                table.northing.append(contentsOf: chunk.northing)
                table.imputed.append(contentsOf: chunk.imputed)
                table.sourceLines.append(contentsOf: chunk.lines)
                table.communes.append(contentsOf: chunk.communes)
            }
            // The count columns, each its chunks in order, in groups on the threads: most of a
            // join is the kernel zeroing the columns' fresh pages, which one thread did while
            // the parse of the next block waited for it.
            let width = table.columns.count
            _ = try? parallelUpdate(&table.columns, blockSize: Swift.max(1, (width + threads - 1) / Swift.max(1, threads)), threads: threads) {
                columns, first in
                for i in columns.indices { for chunk in chunks { columns[i].append(contentsOf: chunk.columns[first + i]) } }
            }
        }

        consuming func finish(threads: Int) throws(InputError) -> CellTable {
            guard table.count > 0 else { throw InputError(file: file, words("a un en-tête mais aucun carreau")) }
            try validate(table, threads: threads)
            return table
        }
    }

    /// Rows of `width` count values, column by column, in allocations that double when full:
    /// each column as integers of its own number of decimals (raised, and the column's
    /// values rescaled, when a value has more), or as doubles from the first value that is
    /// not such a decimal of 32 bits. Owned by one chunk, filled by one thread, then read.
    final class ColumnStore: @unchecked Sendable {
        let width: Int
        private(set) var rows = 0
        private var capacity: Int
        private var integers: UnsafeMutablePointer<Int32>
        // Per column, in raw memory that the pointers never move (no retain or exclusivity
        // check per value in the hot loop): its doubles once it has left integers, its decimals.
        private let doubles: UnsafeMutablePointer<UnsafeMutablePointer<Double>?>
        private let digits: UnsafeMutablePointer<Int>
        /// 10⁰ … 10⁶, in raw memory (read in the hot loop without a check).
        private let factors: UnsafeMutablePointer<UInt64>

        init(width: Int, capacity: Int) {
            self.width = width
            self.capacity = Swift.max(16, capacity)
            integers = .allocate(capacity: Swift.max(1, width * self.capacity))
            doubles = .allocate(capacity: Swift.max(1, width))
            doubles.initialize(repeating: nil, count: Swift.max(1, width))
            digits = .allocate(capacity: Swift.max(1, width))
            digits.initialize(repeating: 0, count: Swift.max(1, width))
            factors = .allocate(capacity: 7)
            for d in 0...6 { factors[d] = UInt64(powerOfTen(d)) }
        }

        deinit {
            integers.deallocate()
            for k in 0..<width { doubles[k]?.deallocate() }
            doubles.deallocate()
            digits.deallocate()
            factors.deallocate()
        }

        /// Makes room for one more row (then set each column and `commitRow`).
        @inline(__always) func reserveRow() {
            if rows == capacity { grow() }
        }

        /// Stores `mantissa / 10^fractionDigits` as an integer of the column's decimals;
        /// false when the column holds doubles, or the value would not fit 32 bits (the
        /// column then holds doubles): the caller sets the value as a double. The usual value
        /// (no more decimals than the column's, in 32 bits) is stored here, inline; the others
        /// go through `setRescaling`.
        @inline(__always) func set(mantissa: UInt64, fractionDigits: Int, column k: Int) -> Bool {
            let columnDigits = digits[k]
            if fractionDigits <= columnDigits, mantissa <= UInt64(Int32.max), doubles[k] == nil {
                // At most 2³¹ × 10⁶: no overflow.
                let scaled = mantissa * factors[columnDigits - fractionDigits]
                if scaled <= UInt64(Int32.max) {
                    integers[k * capacity + rows] = Int32(truncatingIfNeeded: scaled)
                    return true
                }
            }
            return setRescaling(mantissa: mantissa, fractionDigits: fractionDigits, column: k)
        }

        /// `set`'s other cases: more decimals than the column had (its integers rescaled), or
        /// a value beyond 32 bits or a column in doubles (false).
        @inline(never) private func setRescaling(mantissa: UInt64, fractionDigits: Int, column k: Int) -> Bool {
            guard doubles[k] == nil, mantissa <= UInt64(Int32.max) else {
                toDoubles(k)
                return false
            }
            if fractionDigits > digits[k] {
                guard rescale(k, to: fractionDigits) else {
                    toDoubles(k)
                    return false
                }
            }
            let scaled = mantissa * factors[digits[k] - fractionDigits]
            guard scaled <= UInt64(Int32.max) else {
                toDoubles(k)
                return false
            }
            integers[k * capacity + rows] = Int32(scaled)
            return true
        }

        /// Stores a double (the column then holds doubles).
        @inline(__always) func set(_ value: Double, column k: Int) {
            toDoubles(k)
            doubles[k]![rows] = value
        }

        @inline(__always) func commitRow() { rows += 1 }

        /// Column `k` as parsed: scaled integers or doubles (made compact if asked and possible).
        func column(_ k: Int, compactDoubles: Bool) -> CellColumn {
            if let values = doubles[k] {
                let array = Array(UnsafeBufferPointer(start: values, count: rows))
                return compactDoubles ? CellColumn(array) : CellColumn(doubles: array)
            }
            return CellColumn(integers: Array(UnsafeBufferPointer(start: integers + k * capacity, count: rows)), digits: digits[k])
        }

        /// The column's integers times 10^(new − old); false when one would not fit 32 bits.
        private func rescale(_ k: Int, to newDigits: Int) -> Bool {
            let factor = Int64(powerOfTen(newDigits - digits[k]))
            let base = integers + k * capacity
            for i in 0..<rows where Int64(base[i]) * factor > Int64(Int32.max) { return false }
            for i in 0..<rows { base[i] = Int32(Int64(base[i]) * factor) }
            digits[k] = newDigits
            return true
        }

        /// Column `k` in doubles from now on (its integers converted).
        @inline(__always) private func toDoubles(_ k: Int) {
            guard doubles[k] == nil else { return }
            let values = UnsafeMutablePointer<Double>.allocate(capacity: capacity)
            let base = integers + k * capacity, divisor = powerOfTen(digits[k])
            for i in 0..<rows { values[i] = Double(base[i]) / divisor }
            doubles[k] = values
        }

        private func grow() {
            let larger = capacity * 2
            let moved = UnsafeMutablePointer<Int32>.allocate(capacity: Swift.max(1, width * larger))
            for k in 0..<width { (moved + k * larger).initialize(from: integers + k * capacity, count: rows) }
            integers.deallocate()
            integers = moved
            for k in 0..<width {
                guard let values = doubles[k] else { continue }
                let movedValues = UnsafeMutablePointer<Double>.allocate(capacity: larger)
                movedValues.initialize(from: values, count: rows)
                values.deallocate()
                doubles[k] = movedValues
            }
            capacity = larger
        }
    }

    /// Checks what only the whole table can tell: the grid is one Filosofi knows, cells are
    /// aligned on it, and no id appears twice.
    static func validate(_ table: CellTable, threads: Int) throws(InputError) {
        let file = table.source
        guard GridCellID.knownGridEPSG.contains(table.gridEPSG) else {
            throw InputError(
                file: file, line: Int(table.sourceLines.first ?? 0), field: "idcar_200m",
                words("le SCR de grille EPSG:%1$@ n'est pas celui d'une grille Filosofi (attendu 3035, 2975 ou 5490)", table.gridEPSG))
        }
        let side = table.resolution
        guard [100, 200, 500, 1000, 2000, 5000, 10_000].contains(side) else {
            throw InputError(
                file: file, line: Int(table.sourceLines.first ?? 0), field: "idcar_200m",
                words("carreaux de %1$@ m de côté ; les grilles Filosofi sont de 200 m ou 1 km (RES200m, RES1000m)", side))
        }
        // Parts cannot exceed their whole: poor households, one-person households… are
        // households (men), and households are at most the individuals (ind); every corner on
        // the grid. Each check on its own thread; the first check (in this order) that finds
        // a cell names its first, as one pass after the other would.
        var checks: [@Sendable () -> InputError?] = []
        if let households = table.column("men") {
            for part in ["men_pauv", "men_1ind", "men_5ind", "men_prop", "men_fmp", "men_coll", "men_mais"] {
                guard let values = table.column(part) else { continue }
                checks.append {
                    guard let i = (0..<table.count).first(where: { values[$0] > households[$0] * (1 + 1e-9) + 0.01 }) else { return nil }
                    return InputError(
                        file: file, line: Int(table.sourceLines[i]), field: part,
                        words(
                            "%1$@ = %2$@ dépasse men = %3$@ dans le carreau %4$@ : une partie ne peut dépasser son tout (colonnes décalées ?)", part, values[i],
                            households[i], table.id(at: i)))
                }
            }
            if let individuals = table.column("ind") {
                checks.append {
                    guard let i = (0..<table.count).first(where: { households[$0] > individuals[$0] * (1 + 1e-9) + 0.01 }) else { return nil }
                    return InputError(
                        file: file, line: Int(table.sourceLines[i]), field: "men",
                        words(
                            "men = %1$@ dépasse ind = %2$@ dans le carreau %3$@ : plus de ménages que d'habitants (colonnes décalées ?)", households[i],
                            individuals[i], table.id(at: i)))
                }
            }
        }
        checks.append {
            guard let i = (0..<table.count).first(where: { table.easting[$0] % side != 0 || table.northing[$0] % side != 0 }) else { return nil }
            return .badValue(
                file: file, line: Int(table.sourceLines[i]), field: "idcar_200m", found: table.id(at: i).description,
                expected: words("un coin sur la grille de %1$@ m (coordonnées multiples de %2$@)", side, side))
        }
        // A cell twice: checked beside the others, named only when none of them found a cell.
        checks.append {
            guard let (northing, easting) = firstRepeatedCell(table) else { return nil }
            let lines = (0..<table.count).filter { table.northing[$0] == northing && table.easting[$0] == easting }
                .map { table.sourceLines[$0] }.sorted()
            let id = GridCellID(epsg: table.gridEPSG, resolution: table.resolution, northing: northing, easting: easting)
            return InputError(
                file: file, line: Int(lines[1]), field: "idcar_200m",
                words("identifiant de carreau %1$@ en double, vu d'abord ligne %2$@", id, lines[0]))
        }
        // Started from the last, the longest (the repeated cells), so that it is not left alone
        // at the end; the errors still taken in the checks' order.
        let all = checks
        let found = (try? parallelMap(count: all.count, threads: threads) { all[all.count - 1 - $0]() }) ?? []
        if let first = found.reversed().lazy.compactMap({ $0 }).first { throw first }
    }

    /// The corner of a cell that the table holds twice, or nil: the cell met again first in
    /// the table's order, found with one bit per square of the table's extent (all of France
    /// at 200 m: 3 MB); over an extent of more than 2²⁸ squares (32 MB), or when a cell off the
    /// grid shares another's square, the smallest repeated corner, by sorting.
    static func firstRepeatedCell(_ table: CellTable) -> (northing: Int32, easting: Int32)? {
        guard table.count > 1 else { return nil }
        let side = Int(table.resolution)
        var minE = Int.max, maxE = Int.min, minN = Int.max, maxN = Int.min
        for i in 0..<table.count {
            minE = min(minE, Int(table.easting[i]))
            maxE = max(maxE, Int(table.easting[i]))
            minN = min(minN, Int(table.northing[i]))
            maxN = max(maxN, Int(table.northing[i]))
        }
        let columns = (maxE - minE) / side + 1, rows = (maxN - minN) / side + 1
        guard columns * rows <= 1 << 28 else { return smallestRepeatedCell(table) }
        var seen = [UInt64](repeating: 0, count: (columns * rows + 63) / 64)
        for i in 0..<table.count {
            let square = ((Int(table.northing[i]) - minN) / side) * columns + (Int(table.easting[i]) - minE) / side
            let bit: UInt64 = 1 << UInt64(square & 63)
            if seen[square >> 6] & bit != 0 {
                // The same square: the same corner, unless a cell off the grid shares it (the
                // grid's check then names that cell, and the sort finds any true repeat).
                let repeated = (0..<i).contains { table.northing[$0] == table.northing[i] && table.easting[$0] == table.easting[i] }
                return repeated ? (table.northing[i], table.easting[i]) : smallestRepeatedCell(table)
            }
            seen[square >> 6] |= bit
        }
        return nil
    }

    /// The smallest corner (northing, then easting) the table holds twice, or nil, by sorting.
    private static func smallestRepeatedCell(_ table: CellTable) -> (northing: Int32, easting: Int32)? {
        // Packed (northing, easting) keys: far cheaper than sorting indices through a closure.
        var keys = (0..<table.count).map { UInt64(UInt32(bitPattern: table.northing[$0])) << 32 | UInt64(UInt32(bitPattern: table.easting[$0])) }
        keys.sort()
        for k in keys.indices.dropFirst() where keys[k] == keys[k - 1] {
            return (Int32(bitPattern: UInt32(keys[k] >> 32)), Int32(bitPattern: UInt32(keys[k] & 0xFFFF_FFFF)))
        }
        return nil
    }

    // MARK: GDAL vector formats

    /// Reads cells from a GeoPackage (or any vector format); the geometry is ignored, the id rules.
    public static func readVector(path: String, layer layerName: String? = nil) throws -> CellTable {
        let dataset = try VectorDataset(path: path)
        guard dataset.layerCount > 0 else { throw InputError(file: path, words("n'a aucune couche")) }
        let layer = try layerName.map { try dataset.layer(named: $0) } ?? dataset.layer(at: 0)
        let fields = layer.fields
        let schema = try schema(header: fields.map(\.name), file: path)
        var chunk = Chunk(columnCount: schema.variableColumns.count)
        let place = "\(path) (layer \(layer.name))"
        try layer.forEachFeature { feature in
            let fid = Int(feature.id)
            guard let idText = feature.string(schema.idColumn), let id = GridCellID(idText) else {
                throw InputError.badValue(
                    file: place, line: fid, field: "idcar_200m", found: feature.string(schema.idColumn) ?? "",
                    expected: words("un identifiant de carreau INSPIRE comme CRS3035RES200mN2891800E3770600"))
            }
            if chunk.epsg == 0 {
                chunk.epsg = id.epsg
                chunk.resolution = id.resolution
            } else if id.epsg != chunk.epsg || id.resolution != chunk.resolution {
                throw InputError.badValue(
                    file: place, line: fid, field: "idcar_200m", found: idText,
                    expected: words("la même grille que les autres carreaux (CRS%1$@RES%2$@m)", chunk.epsg, chunk.resolution))
            }
            chunk.easting.append(id.easting)
            chunk.northing.append(id.northing)
            chunk.lines.append(Int32(clamping: fid))
            chunk.values.reserveRow()
            for (k, column) in schema.variableColumns.enumerated() {
                let value: Double?
                if fields[column.index].kind == .string {
                    value = feature.string(column.index).flatMap { parseNumber($0, commaDecimal: true) }
                } else {
                    value = feature.double(column.index)
                }
                guard let value, value >= 0 else {
                    throw InputError.badValue(
                        file: place, line: fid, field: column.name, found: feature.string(column.index) ?? "",
                        expected: words("un nombre positif ou nul"))
                }
                chunk.values.set(value, column: k)
            }
            chunk.values.commitRow()
            if let imputedColumn = schema.imputedColumn {
                let flag = feature.string(imputedColumn).flatMap { parseNumber($0) }
                guard flag == 0 || flag == 1 else {
                    throw InputError.badValue(
                        file: place, line: fid, field: "i_est_200", found: feature.string(imputedColumn) ?? "",
                        expected: words("0 ou 1"))
                }
                chunk.imputed.append(flag == 1)
            } else {
                chunk.imputed.append(false)
            }
            let lcog = schema.communeColumn.flatMap { feature.string($0) } ?? ""
            guard chunk.communes.append(lcog: lcog.trimmingCharacters(in: .whitespaces)) else {
                throw InputError.badValue(
                    file: place, line: fid, field: "lcog_geo", found: lcog,
                    expected: words("des codes de commune de 5 caractères, accolés ou séparés par des virgules"))
            }
        }
        chunk.finishColumns(compactDoubles: true)
        var assembly = Assembly(schema: schema, file: place)
        try assembly.append([chunk])
        var table = try assembly.finish(threads: 1)
        table.source = path
        return table
    }
}
