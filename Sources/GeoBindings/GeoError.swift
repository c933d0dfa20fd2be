import Support

/// A failure inside GDAL or PROJ, with the C function that failed and the library's own words.
public struct GeoError: Error, Sendable, CustomStringConvertible {
    public var function: String
    public var message: String
    public var path: String?

    public init(function: String, message: String, path: String? = nil) {
        self.function = function
        self.message = message
        self.path = path
    }

    public var description: String {
        let prefix = path.map { "\($0): " } ?? ""
        let detail = message.isEmpty ? words("échec sans message") : message
        return "\(prefix)\(detail) (\(function))"
    }
}
