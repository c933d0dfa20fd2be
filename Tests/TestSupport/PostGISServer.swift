import Foundation

/// A real, throwaway PostgreSQL server with PostGIS for the tests of the PostGIS output: a
/// new cluster in a temporary folder, listening on a Unix socket only, stopped and removed when
/// released. Debian's `postgresql` and `postgis` packages (which `.ci/run` installs); run as
/// root, the server runs as the `postgres` user, as PostgreSQL requires.
public final class PostGISServer {
    /// The folder of PostgreSQL's programs (the newest installed version), and whether
    /// PostGIS is installed for it; nil when PostgreSQL is missing.
    public static let installation: (bin: String, hasPostGIS: Bool)? = {
        let root = "/usr/lib/postgresql"
        let versions = ((try? FileManager.default.contentsOfDirectory(atPath: root)) ?? []).compactMap(Int.init).sorted()
        guard let version = versions.last(where: { FileManager.default.isExecutableFile(atPath: "\(root)/\($0)/bin/initdb") }) else { return nil }
        let control = "/usr/share/postgresql/\(version)/extension/postgis.control"
        return ("\(root)/\(version)/bin", FileManager.default.fileExists(atPath: control))
    }()

    /// Whether the tests can start a server here.
    public static var isInstalled: Bool { installation?.hasPostGIS == true }

    /// Whether the PostGIS tests must run: where PostgreSQL and PostGIS are installed, and
    /// always under CI (`.ci/run` installs them; a missing package then fails the tests).
    public static var testsShouldRun: Bool { isInstalled || ProcessInfo.processInfo.environment["CI"] != nil }

    public let folder: String
    private let bin: String
    private let asPostgresUser: Bool
    private var running = false

    /// The GDAL connection string of the server's `postgres` database.
    public var connection: String { "PG:host=\(folder) port=5432 dbname=postgres user=postgres" }

    /// Starts a new cluster and enables PostGIS in its `postgres` database.
    public init() throws {
        guard let installation = Self.installation, installation.hasPostGIS else {
            throw FixtureError(message: "PostgreSQL and PostGIS are not installed (apt-get install postgresql postgis)")
        }
        bin = installation.bin
        asPostgresUser = geteuid() == 0
        // A short path: a Unix socket's name is limited to 107 bytes.
        folder = "/tmp/allervers-pg-\(UUID().uuidString.prefix(8))"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: false, attributes: [.posixPermissions: 0o755])
        if asPostgresUser { try check(Fixtures.runProcess(URL(fileURLWithPath: "/bin/chown"), ["postgres", folder]), "chown") }
        try check(
            server("initdb", ["-D", "\(folder)/data", "-A", "trust", "-U", "postgres", "--no-sync", "-E", "UTF8", "--locale=C"]), "initdb")
        try check(
            server(
                "pg_ctl",
                ["-D", "\(folder)/data", "-l", "\(folder)/server.log", "-w", "-o", "-k \(folder) -c listen_addresses= -p 5432 -c fsync=off", "start"]
            ), "pg_ctl start")
        running = true
        _ = try psql("CREATE EXTENSION postgis")
    }

    deinit {
        if running { _ = try? server("pg_ctl", ["-D", "\(folder)/data", "-m", "immediate", "-w", "stop"]) }
        try? FileManager.default.removeItem(atPath: folder)
    }

    /// Runs SQL with psql and returns its unaligned output (`|` between columns, one row a line);
    /// an SQL error throws with PostgreSQL's message.
    @discardableResult
    public func psql(_ sql: String) throws -> String {
        let result = try Fixtures.runProcess(
            URL(fileURLWithPath: "\(bin)/psql"),
            ["-h", folder, "-p", "5432", "-U", "postgres", "-d", "postgres", "-X", "-q", "-A", "-t", "-v", "ON_ERROR_STOP=1", "-c", sql])
        try check(result, "psql \(sql)")
        return result.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// Runs one of the server's programs, its output to `commands.log`. Spawned by hand with
    /// every other descriptor closed: Foundation's `Process` lets its own descriptors pass to
    /// the child, and the server that `pg_ctl` leaves running would keep them open (a test then
    /// waits forever for a process that has ended, or for a pipe to close).
    private func server(_ program: String, _ arguments: [String]) throws -> (status: Int32, stdout: String, stderr: String) {
        let command = asPostgresUser ? ["/usr/sbin/runuser", "-u", "postgres", "--", "\(bin)/\(program)"] + arguments : ["\(bin)/\(program)"] + arguments
        let log = "\(folder)/commands.log"
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, log, O_WRONLY | O_CREAT | O_APPEND, 0o644)
        posix_spawn_file_actions_adddup2(&actions, 1, 2)
        Self.closeOthers(&actions)
        var arguments: [UnsafeMutablePointer<CChar>?] = command.map { strdup($0) } + [nil]
        defer { for argument in arguments { free(argument) } }
        var pid: pid_t = 0
        let spawned = posix_spawn(&pid, command[0], &actions, nil, &arguments, environ)
        guard spawned == 0 else { throw FixtureError(message: "cannot start \(command[0]): \(String(cString: strerror(spawned)))") }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) == -1 {
            guard errno == EINTR else { throw FixtureError(message: "waitpid \(program): \(String(cString: strerror(errno)))") }
        }
        // WIFEXITED / WEXITSTATUS, which Swift does not import (macros).
        let exitStatus: Int32 = (status & 0x7f) == 0 ? (status >> 8) & 0xff : 128 + (status & 0x7f)
        let output = (try? String(contentsOfFile: log, encoding: .utf8)) ?? ""
        return (exitStatus, "", exitStatus == 0 ? "" : output)
    }

    /// Closes every descriptor from 3 up in the child: glibc's `closefrom` action (2.34 and
    /// later, which Swift's Glibc module does not declare), else each descriptor open now.
    private static func closeOthers(_ actions: inout posix_spawn_file_actions_t) {
        typealias CloseFrom = @convention(c) (UnsafeMutablePointer<posix_spawn_file_actions_t>, Int32) -> Int32
        if let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "posix_spawn_file_actions_addclosefrom_np") {
            _ = unsafeBitCast(symbol, to: CloseFrom.self)(&actions, 3)
            return
        }
        for name in (try? FileManager.default.contentsOfDirectory(atPath: "/proc/self/fd")) ?? [] {
            if let descriptor = Int32(name), descriptor > 2 { posix_spawn_file_actions_addclose(&actions, descriptor) }
        }
    }

    private func check(_ result: (status: Int32, stdout: String, stderr: String), _ what: String) throws {
        guard result.status == 0 else {
            let log = (try? String(contentsOfFile: "\(folder)/server.log", encoding: .utf8)) ?? ""
            throw FixtureError(message: "\(what) failed (\(result.status)): \(result.stderr)\(result.stdout)\(log)")
        }
    }
}
