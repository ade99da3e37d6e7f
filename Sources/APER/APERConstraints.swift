/// A PER-visible size constraint (`SIZE (lb..ub, ...)`) on a string or a SEQUENCE OF.
public struct APERSize: Hashable, Sendable {
    public var lowerBound: Int
    /// Nil when the size has no upper bound (`SIZE (lb..MAX)` or no constraint).
    public var upperBound: Int?
    /// True when the constraint has an extension marker: sizes outside the root are encoded as
    /// if unconstrained, after a bit saying so.
    public var extensible: Bool

    @inlinable
    public init(_ lowerBound: Int, _ upperBound: Int?, extensible: Bool = false) {
        self.lowerBound = lowerBound
        self.upperBound = upperBound
        self.extensible = extensible
    }

    /// `SIZE (n)`.
    @inlinable public static func fixed(_ size: Int, extensible: Bool = false) -> APERSize {
        APERSize(size, size, extensible: extensible)
    }

    /// No size constraint at all.
    public static let unconstrained = APERSize(0, nil)

    @inlinable public func contains(_ size: Int) -> Bool {
        size >= lowerBound && (upperBound.map { size <= $0 } ?? true)
    }

    /// X.691 encodes a length as a constrained whole number only when the upper bound is below
    /// 64K; otherwise it takes the general (fragmenting) form.
    @inlinable var isSmallRange: Bool {
        if let upperBound { return upperBound < 65536 }
        return false
    }

    @inlinable var isFixed: Bool { upperBound == lowerBound }
}

/// The alphabet of a known-multiplier character string type (X.691), after any
/// permitted-alphabet constraint: which characters may appear and how many bits each takes.
public struct APERAlphabet: Hashable, Sendable {
    /// The permitted characters' codes, ascending.
    public let codes: [UInt32]
    /// Bits per character in the aligned variant: the smallest power of two that can count the
    /// alphabet.
    public let bitsPerCharacter: Int
    /// True when characters go on the wire as their own code (they all fit in the bits); false when
    /// they go as their index in `codes`.
    public let encodesCodes: Bool

    public init(codes: [UInt32]) {
        let sorted = Array(Set(codes)).sorted()
        self.codes = sorted
        let needed = sorted.count <= 1 ? 0 : Int.bitWidth - (sorted.count - 1).leadingZeroBitCount
        var bits = 1
        while bits < needed { bits *= 2 }
        self.bitsPerCharacter = needed == 0 ? 0 : bits
        let largest = sorted.last ?? 0
        self.encodesCodes = bitsPerCharacter >= 32 || UInt64(largest) < (UInt64(1) << UInt64(bitsPerCharacter))
    }

    public init(_ characters: String) {
        self.init(codes: characters.unicodeScalars.map(\.value))
    }

    public init(range: ClosedRange<UInt32>) {
        self.init(codes: Array(range))
    }

    /// PrintableString (X.680 41.4): letters, digits, space and `'()+,-./:=?`.
    public static let printable = APERAlphabet(
        "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789 '()+,-./:=?")
    /// VisibleString: the printable ASCII characters, space to tilde.
    public static let visible = APERAlphabet(range: 0x20...0x7E)
    /// IA5String: all of ASCII.
    public static let ia5 = APERAlphabet(range: 0x00...0x7F)
    /// NumericString: digits and space.
    public static let numeric = APERAlphabet("0123456789 ")

    @inlinable func index(of code: UInt32) -> Int? {
        var low = 0
        var high = codes.count - 1
        while low <= high {
            let middle = (low + high) / 2
            if codes[middle] == code { return middle }
            if codes[middle] < code { low = middle + 1 } else { high = middle - 1 }
        }
        return nil
    }
}
