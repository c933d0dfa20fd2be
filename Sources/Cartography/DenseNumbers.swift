import Support

/// A small key that an open-addressing table can hash: its integers mixed into 64 bits.
protocol DenseKey: Equatable {
    var mixedHash: UInt64 { get }
}

/// Keys numbered densely in order of first appearance, in an open-addressing table (grown when
/// half full): the same number when a key is met again. For the millions of small integer keys
/// a map meets (snapped vertices, outline segments), where a `Dictionary` of structs hashed with
/// SipHash is slow; every later step works on arrays indexed by number.
struct DenseNumbers<Key: DenseKey> {
    private var slots: [Int32]
    private(set) var keys: [Key] = []

    /// Room for `capacity` keys without growing.
    init(capacity: Int) {
        var size = 16
        while size < capacity * 2 { size <<= 1 }
        slots = [Int32](repeating: -1, count: size)
        keys.reserveCapacity(capacity / 2)
    }

    /// The key's number: the one it was given before, else the next one.
    mutating func number(_ key: Key) -> Int32 {
        let mask = slots.count - 1
        var i = Int(truncatingIfNeeded: key.mixedHash) & mask
        while true {
            let slot = slots[i]
            if slot < 0 {
                let number = Int32(keys.count)
                slots[i] = number
                keys.append(key)
                if keys.count * 2 >= slots.count { grow() }
                return number
            }
            if keys[Int(slot)] == key { return slot }
            i = (i + 1) & mask
        }
    }

    private mutating func grow() {
        slots = [Int32](repeating: -1, count: slots.count * 2)
        let mask = slots.count - 1
        for (number, key) in keys.enumerated() {
            var i = Int(truncatingIfNeeded: key.mixedHash) & mask
            while slots[i] >= 0 { i = (i + 1) & mask }
            slots[i] = Int32(number)
        }
    }
}
