/// SplitMix64's finaliser: spreads the bits of a key over the whole word, so that keys with
/// many equal low bits (round coordinates) still fill an open-addressing table evenly.
@inline(__always)
public func mixBits(_ key: UInt64) -> UInt64 {
    var h = key
    h = (h ^ (h >> 30)) &* 0xBF58_476D_1CE4_E5B9
    h = (h ^ (h >> 27)) &* 0x94D0_49BB_1331_11EB
    return h ^ (h >> 31)
}
