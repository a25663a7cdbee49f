extension CaseIterable where Self: RawRepresentable, RawValue == String {
    /// Every case's name for help texts of options that take names as strings, e.g. `tanh or relu`, `a, b or c`.
    static var namesListed: String {
        let names = allCases.map(\.rawValue)
        guard let last = names.last else { return "" }
        return names.count == 1 ? last : names.dropLast().joined(separator: ", ") + " or " + last
    }
}
