internal import CSQLite
import Foundation
import Support

/// A connection to an SQLite file (a GeoPackage GDAL has created and closed), owned by Swift:
/// closed when the value goes. For the one thing GDAL's feature API does slowly: inserting
/// tens of thousands of rows through prepared statements in one transaction. Used by one
/// thread at a time (opened without SQLite's own lock on each call, which cost a lock and an
/// unlock per bound value: 0.03 s of a national write).
final class SQLiteConnection {
    private let handle: OpaquePointer
    let path: String

    init(path: String) throws(GeoError) {
        self.path = path
        var opened: OpaquePointer?
        let status = sqlite3_open_v2(path, &opened, SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX, nil)
        guard status == SQLITE_OK, let opened else {
            let message = opened.map { String(cString: sqlite3_errmsg($0)) } ?? String(cString: sqlite3_errstr(status))
            if let opened { sqlite3_close_v2(opened) }
            throw GeoError(function: "sqlite3_open_v2", message: message, path: path)
        }
        handle = opened
    }

    deinit { sqlite3_close_v2(handle) }

    /// Runs statements that return no rows.
    func execute(_ sql: String) throws(GeoError) {
        var message: UnsafeMutablePointer<CChar>?
        guard sqlite3_exec(handle, sql, nil, nil, &message) == SQLITE_OK else {
            let text = message.map { String(cString: $0) } ?? lastMessage
            sqlite3_free(message)
            throw GeoError(function: "sqlite3_exec", message: "\(text) (\(sql.prefix(120)))", path: path)
        }
    }

    /// A prepared statement of this connection.
    func prepare(_ sql: String) throws(GeoError) -> SQLiteStatement {
        var statement: OpaquePointer?
        guard sqlite3_prepare_v2(handle, sql, -1, &statement, nil) == SQLITE_OK, let statement else {
            throw GeoError(function: "sqlite3_prepare_v2", message: "\(lastMessage) (\(sql.prefix(120)))", path: path)
        }
        return SQLiteStatement(statement, connection: self)
    }

    /// The rows of a query, each as its columns' text (NULL as nil).
    func rows(_ sql: String, _ parameters: [String] = []) throws(GeoError) -> [[String?]] {
        let statement = try prepare(sql)
        for (k, parameter) in parameters.enumerated() { statement.bind(.string(parameter), at: k + 1) }
        var rows: [[String?]] = []
        while try statement.step() { rows.append(statement.textColumns()) }
        return rows
    }

    /// Whether the file has a table of that name.
    func hasTable(_ name: String) throws(GeoError) -> Bool {
        try !rows("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?", [name]).isEmpty
    }

    /// A table's or column's name as SQL quotes it.
    static func quoted(_ identifier: String) -> String { "\"" + identifier.replacingOccurrences(of: "\"", with: "\"\"") + "\"" }

    var lastInsertedRow: Int64 { sqlite3_last_insert_rowid(handle) }

    var lastMessage: String { String(cString: sqlite3_errmsg(handle)) }
}

/// A prepared statement, finalised when the value goes.
final class SQLiteStatement {
    private let handle: OpaquePointer
    private let connection: SQLiteConnection

    fileprivate init(_ handle: OpaquePointer, connection: SQLiteConnection) {
        self.handle = handle
        self.connection = connection
    }

    deinit { sqlite3_finalize(handle) }

    /// Binds a value to the parameter `index` (from 1). A NaN real is stored as NULL, as
    /// SQLite (and GDAL) store it.
    func bind(_ value: FieldValue, at index: Int) {
        let position = Int32(index)
        switch value {
        case .real(let v): sqlite3_bind_double(handle, position, v)
        case .integer(let v): sqlite3_bind_int64(handle, position, v)
        case .string(let text): bindText(text, at: position)
        case .date(let y, let m, let d): bindText(FieldValue.isoDate(y, m, d), at: position)
        case .null: sqlite3_bind_null(handle, position)
        }
    }

    private func bindText(_ text: String, at position: Int32) {
        // An empty text is '' (a null pointer would bind NULL).
        text.withCString { chars in
            _ = allervers_sqlite3_bind_text_copy(handle, position, chars, Int32(strlen(chars)))
        }
    }

    /// Binds bytes (a geometry blob), or NULL when there are none.
    func bind(blob: [UInt8]?, at index: Int) {
        guard let blob else {
            sqlite3_bind_null(handle, Int32(index))
            return
        }
        blob.withUnsafeBytes { bytes in
            _ = allervers_sqlite3_bind_blob_copy(handle, Int32(index), bytes.baseAddress ?? UnsafeRawPointer(bitPattern: 1), Int32(bytes.count))
        }
    }

    /// Binds bytes that SQLite reads where they lie, without a copy (NULL when there are none):
    /// the caller keeps them alive and unchanged until the statement's next step has run, and
    /// binds something else before freeing them.
    func bind(unownedBlob bytes: UnsafeRawBufferPointer?, at index: Int) {
        guard let bytes else {
            sqlite3_bind_null(handle, Int32(index))
            return
        }
        // A null destructor is SQLITE_STATIC: the bytes are the caller's.
        sqlite3_bind_blob(handle, Int32(index), bytes.baseAddress ?? UnsafeRawPointer(bitPattern: 1), Int32(bytes.count), nil)
    }

    /// One step: true when a row is ready, false when the statement is done.
    func step() throws(GeoError) -> Bool {
        switch sqlite3_step(handle) {
        case SQLITE_ROW: return true
        case SQLITE_DONE: return false
        default: throw GeoError(function: "sqlite3_step", message: connection.lastMessage, path: connection.path)
        }
    }

    /// Runs the statement to its end, then makes it ready for new values: its values set
    /// back to NULL, unless the caller binds every one of them again or clears them itself
    /// (`clearingValues` false: eighty values a row, each released, for nothing).
    func run(clearingValues: Bool = true) throws(GeoError) {
        while try step() {}
        sqlite3_reset(handle)
        if clearingValues { clearValues() }
    }

    /// Sets every value back to NULL.
    func clearValues() {
        sqlite3_clear_bindings(handle)
    }

    func textColumns() -> [String?] {
        (0..<sqlite3_column_count(handle)).map { k in
            sqlite3_column_text(handle, k).map { String(cString: $0) }
        }
    }
}
