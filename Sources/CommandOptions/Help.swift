import ArgumentParser
import Support
import Workflows

/// Help text in the command line's language (`Support.fr` for `help:`).
public func fr(_ french: String, en english: String) -> ArgumentHelp { ArgumentHelp(Support.fr(french, en: english)) }

/// Runs a workflow's check at parse time: its usage errors become the parser's, which print
/// the command's usage line and exit with status 2.
public func validating(_ check: () throws -> Void) throws {
    do { try check() } catch let error as UsageError { throw ValidationError(error.description) }
}
