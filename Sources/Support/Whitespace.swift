import Foundation

extension String {
    /// The text without the spaces and tabs around it, as Foundation's
    /// `trimmingCharacters(in: .whitespaces)` (Unicode's space separators and the tab), but
    /// without its detour through `NSString` when there is nothing to trim: a text whose first
    /// and last bytes are printable ASCII other than a space (a zone's code, nearly always)
    /// is returned as it is. Read for each of the 48 600 zones of France.
    public func trimmingWhitespace() -> String {
        let bytes = utf8
        if let first = bytes.first, let last = bytes.last, (0x21...0x7E).contains(first), (0x21...0x7E).contains(last) {
            return self
        }
        return trimmingCharacters(in: .whitespaces)
    }
}
