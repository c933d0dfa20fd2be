import Foundation
import GeoBindings
import Support

/// A problem with an input file that a person can act on: which file, which line or feature,
/// which field, what was found and what was expected. Printed as
/// `filosofi.csv:1284 : champ « men_pauv » : valeur « n.d. », attendu : un nombre positif ou nul`
/// (in English: `filosofi.csv:1284: field 'men_pauv': found "n.d.", expected a non-negative number`).
public struct InputError: Error, Sendable, CustomStringConvertible, Equatable {
    public var file: String
    public var line: Int?
    public var field: String?
    public var message: String
    /// The inputs are sound but lack what one step needs (a column a map draws, places for a
    /// tour): a territory run skips that step with a warning; the step's own command fails.
    public var stepCannotRun: Bool

    public init(file: String, line: Int? = nil, field: String? = nil, _ message: String) {
        self.file = file
        self.line = line
        self.field = field
        self.message = message
        self.stepCannotRun = false
    }

    /// What one step needs and the inputs do not hold (see `stepCannotRun`).
    public static func missing(file: String, field: String? = nil, _ message: String) -> InputError {
        var error = InputError(file: file, field: field, message)
        error.stepCannotRun = true
        return error
    }

    public var description: String {
        var text = file
        if let line { text += ":\(line)" }
        text += words(" : ")
        if let field { text += words("champ « %1$@ » : ", field) }
        return text + message
    }

    /// A value that does not parse: quotes what was found, says what was expected.
    public static func badValue(file: String, line: Int, field: String, found: String, expected: String) -> InputError {
        let shown = found.count > 40 ? String(found.prefix(40)) + "…" : found
        return InputError(
            file: file, line: line, field: field, words("valeur « %1$@ », attendu : %2$@", shown, expected))
    }
}

extension InputError {
    /// The body's failure as an input error of `file`: an input error as it is, GDAL's or PROJ's
    /// message, or any other error's description.
    public static func reading<T>(_ file: String, _ body: () throws -> T) throws(InputError) -> T {
        do {
            return try body()
        } catch let error as InputError {
            throw error
        } catch let error as GeoError {
            throw InputError(file: file, error.message)
        } catch {
            throw InputError(file: file, "\(error)")
        }
    }
}
