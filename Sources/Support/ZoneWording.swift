/// How a territory's zones are named in the words a comité reads. IGN's Contours IRIS give a
/// commune that is not split into IRIS as one zone (`TYP_IRIS` Z, code = commune + `0000`):
/// such a zone is a commune, and a territory of villages is mapped « par commune », a bourg
/// split into IRIS among villages « par IRIS et commune ».
public struct ZoneWording: Sendable, Equatable {
    public enum Kind: Sendable, Equatable { case iris, commune, mixed }
    public var kind: Kind

    public init(kind: Kind) { self.kind = kind }

    /// The wording of a set of zone codes: communes when every code is a commune's, IRIS when
    /// none is, both otherwise (and IRIS for no code).
    public init(codes: some Sequence<String>) {
        var communes = 0, others = 0
        for code in codes { if Self.isCommune(code: code) { communes += 1 } else { others += 1 } }
        kind = communes == 0 ? .iris : others == 0 ? .commune : .mixed
    }

    /// Whether a zone code stands for a whole commune: an IRIS code ending in `0000` (nine
    /// characters) or a commune code (five, Corsica's 2A/2B included).
    public static func isCommune(code: String) -> Bool { isCommuneOrWholeIRIS(code.utf8) }

    /// A commune's code: five digits, or Corsica's 2A/2B and three digits.
    public static func isCommuneCode(_ text: Substring) -> Bool { text.utf8.count == 5 && isCommuneOrWholeIRIS(text.utf8) }

    /// The rule of both, byte by byte (any byte other than these ASCII ones makes the code no
    /// commune's): five bytes of a commune code, then, for an IRIS code, `0000`. A national
    /// table asks it for 48 600 codes.
    private static func isCommuneOrWholeIRIS(_ bytes: some Collection<UInt8>) -> Bool {
        guard bytes.count == 5 || bytes.count == 9 else { return false }
        for (i, byte) in bytes.enumerated() {
            let digit = byte >= 0x30 && byte <= 0x39
            if i == 1 && !digit {
                // Corsica: 2A, 2B.
                guard bytes.first == 0x32, byte == 0x41 || byte == 0x42 else { return false }
            } else if i >= 5 {
                guard byte == 0x30 else { return false }
            } else if !digit {
                return false
            }
        }
        return true
    }

    /// « par IRIS », « par commune », « par IRIS et commune ».
    public var per: String {
        switch kind {
        case .iris: "par IRIS"
        case .commune: "par commune"
        case .mixed: "par IRIS et commune"
        }
    }

    /// « IRIS », « communes », « IRIS et communes »: the zones, in the plural.
    public var plural: String {
        switch kind {
        case .iris: "IRIS"
        case .commune: "communes"
        case .mixed: "IRIS et communes"
        }
    }

    /// A table's heading for one zone: « IRIS », « Commune », « Zone (IRIS ou commune) ».
    public var heading: String {
        switch kind {
        case .iris: "IRIS"
        case .commune: "Commune"
        case .mixed: "Zone (IRIS ou commune)"
        }
    }

    /// One zone within a sentence: « IRIS », « commune », « zone ».
    public var singular: String {
        switch kind {
        case .iris: "IRIS"
        case .commune: "commune"
        case .mixed: "zone"
        }
    }

    /// One zone with its article: « un IRIS », « une commune », « une zone ».
    public var one: String {
        switch kind {
        case .iris: "un IRIS"
        case .commune: "une commune"
        case .mixed: "une zone"
        }
    }

    /// « 22 IRIS », « 16 communes », « 1 commune », « 18 zones (IRIS et communes) ».
    public func count(_ n: Int) -> String {
        switch kind {
        case .iris: "\(n) IRIS"
        case .commune: n == 1 ? "1 commune" : "\(n) communes"
        case .mixed: "\(n) zones (IRIS et communes)"
        }
    }

    /// One zone in a sentence or an address: « IRIS Les Merisiers » for an IRIS, « commune de
    /// Bram » for a commune zone.
    public static func zone(code: String, name: String) -> String {
        isCommune(code: code) ? "commune \(FrenchArticle.of(name))" : "IRIS \(name)"
    }
}

/// French elision before a place name: « de Bram », « d'Alzonne », « du Bourg » is not guessed.
public enum FrenchArticle {
    /// « de Bram », « d'Alzonne », « d'Hérépian » (a mute h is assumed for H).
    public static func of(_ name: String) -> String {
        guard let first = name.first else { return "de" }
        let vowels: Set<Character> = ["A", "E", "I", "O", "U", "Y", "H", "É", "È", "Ê", "Î", "Ô", "Â", "Œ"]
        return vowels.contains(Character(first.uppercased())) ? "d'\(name)" : "de \(name)"
    }
}
