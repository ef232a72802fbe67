/// C's `%.Ng` for doubles without Foundation or the C locale: N significant digits, trailing zeros removed,
/// exponent notation when the decimal exponent is below -4 or at least N (`1e-05`, `1.5e+06`).
///
/// Digits are rounded from the exact binary value, ties to even, as glibc's `printf` does, wherever the
/// arithmetic fits 128 bits (magnitudes from about 1e-17 to 1e15); outside that the shortest round-trip digits
/// are rounded (half up), which differs from `printf` only on exact decimal ties and for subnormals (below
/// 2.2e-308, e.g. `5e-324` where `printf` gives `4.94066e-324`). Zero, positive or negative, is `0`.
enum DecimalFormat {
    /// `value` with `digits` (1...15) significant digits, as `%.<digits>g`.
    static func g(_ value: Double, digits: Int = 6) -> String {
        precondition((1...15).contains(digits))
        if value == 0 { return "0" }
        if value.isNaN { return "nan" }
        if value.isInfinite { return value < 0 ? "-inf" : "inf" }
        let sign = value < 0 ? "-" : ""
        let a = abs(value)
        let shortest = shortestDigits(a)
        var exponent = shortest.exponent - 1  // a = d.ddd x 10^exponent
        var scaled = exactlyRounded(a, shift: digits - 1 - exponent) ?? rounded(shortest.digits, to: digits)
        if scaled.count > digits {  // 9.999995 -> 10.0000
            scaled.removeLast()
            exponent += 1
        }
        while scaled.count > 1, scaled.last == 0 { scaled.removeLast() }
        let text = scaled.map { String(UnicodeScalar(UInt8(ascii: "0") + $0)) }.joined()
        if exponent < -4 || exponent >= digits {
            let mantissa = text.count > 1 ? "\(text.prefix(1)).\(text.dropFirst())" : text
            let e = abs(exponent)
            return "\(sign)\(mantissa)e\(exponent < 0 ? "-" : "+")\(e < 10 ? "0" : "")\(e)"
        }
        if exponent < 0 { return "\(sign)0.\(String(repeating: "0", count: -exponent - 1))\(text)" }
        let intCount = exponent + 1
        if text.count <= intCount { return sign + text + String(repeating: "0", count: intCount - text.count) }
        return "\(sign)\(text.prefix(intCount)).\(text.dropFirst(intCount))"
    }

    /// The decimal digits of `round(a x 10^shift)` (ties to even) from the exact binary value of `a`; `nil`
    /// when the arithmetic would not fit 128 bits.
    private static func exactlyRounded(_ a: Double, shift k: Int) -> [UInt8]? {
        guard a.isNormal, abs(k) <= 38 else { return nil }
        let m = UInt128(a.significandBitPattern | (1 << 52))
        let e = Int(a.exponent) - 52  // a = m x 2^e
        guard let p10 = power10(abs(k)) else { return nil }
        var num = m, den: UInt128 = 1
        if k >= 0 {
            let (r, o) = num.multipliedReportingOverflow(by: p10)
            if o { return nil }
            num = r
        } else {
            den = p10
        }
        if e >= 0 {
            guard e < 128, num.leadingZeroBitCount > e else { return nil }
            num <<= UInt128(e)
        } else {
            guard -e < 128, den.leadingZeroBitCount > -e else { return nil }
            den <<= UInt128(-e)
        }
        var (q, r) = num.quotientAndRemainder(dividingBy: den)
        // Compare 2r with den without overflow: r >= den - r.
        let half = den - r
        if r > half || (r == half && q & 1 == 1) { q += 1 }
        var digits: [UInt8] = []
        while q > 0 {
            digits.append(UInt8(q % 10))
            q /= 10
        }
        return digits.reversed()
    }

    private static func power10(_ n: Int) -> UInt128? {
        var p: UInt128 = 1
        for _ in 0..<n {
            let (r, o) = p.multipliedReportingOverflow(by: 10)
            if o { return nil }
            p = r
        }
        return p
    }

    /// The shortest digits that read back as `a` (> 0), as `0.d1d2... x 10^exponent`, without leading or
    /// trailing zeros (from Swift's `description`, which prints the shortest round-trip form).
    static func shortestDigits(_ a: Double) -> (digits: [UInt8], exponent: Int) {
        let text = Array(a.description.utf8)
        var digits: [UInt8] = []
        var pointAt: Int? = nil
        var exponent = 0
        var i = 0
        while i < text.count {
            let c = text[i]
            if c == UInt8(ascii: "e") || c == UInt8(ascii: "E") {
                exponent = Int(String(decoding: text[(i + 1)...], as: UTF8.self)) ?? 0
                break
            }
            if c == UInt8(ascii: ".") { pointAt = digits.count } else { digits.append(c - UInt8(ascii: "0")) }
            i += 1
        }
        exponent += pointAt ?? digits.count
        while digits.first == 0 {
            digits.removeFirst()
            exponent -= 1
        }
        while digits.last == 0 { digits.removeLast() }
        return (digits, exponent)
    }

    /// `digits` rounded (half up) to `n` digits, padded with zeros; one more digit when the rounding carries out.
    private static func rounded(_ digits: [UInt8], to n: Int) -> [UInt8] {
        var d = Array(digits.prefix(n))
        d += [UInt8](repeating: 0, count: n - d.count)
        guard digits.count > n, digits[n] >= 5 else { return d }
        var i = n - 1
        while i >= 0 {
            if d[i] < 9 { d[i] += 1; return d }
            d[i] = 0
            i -= 1
        }
        return [1] + d
    }
}
