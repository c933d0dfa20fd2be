import ArgumentParser
import Support
import Workflows

/// Help text in the command line's language (`Support.words` for `help:`).
public func words(_ key: String, _ arguments: Any...) -> ArgumentHelp { ArgumentHelp(Words.text(key, arguments, in: Language.current)) }

/// Runs a workflow's check at parse time: its usage errors become the parser's, which print
/// the command's usage line and exit with status 2.
public func validating(_ check: () throws -> Void) throws {
    do { try check() } catch let error as UsageError { throw ValidationError(error.description) }
}
