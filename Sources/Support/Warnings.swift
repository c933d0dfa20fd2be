import Foundation

/// A warning for the person running AllerVers: something the outputs cannot show was assumed,
/// left aside or skipped. Written on the standard error, one line, « attention : » first.
public enum Warnings {
    public static func emit(_ text: String) {
        FileHandle.standardError.write(Data((words("attention : ") + text + "\n").utf8))
    }
}
