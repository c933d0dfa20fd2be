import Foundation

/// The version written into every output (run.json, summaries, the marker of output folders).
public enum AllerVersVersion {
    public static let current = "0.1.0"
}

/// A problem with how AllerVers was called or installed (an option, a missing bundled file),
/// not with the data: the command line reports it as a usage error (exit status 2).
public struct UsageError: Error, Sendable, CustomStringConvertible {
    public var description: String
    public init(_ description: String) { self.description = description }
}
