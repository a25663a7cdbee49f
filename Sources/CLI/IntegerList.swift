import ArgumentParser
import Foundation

/// A comma-separated list of positive widths such as `50,50,50,50`, for hidden-layer flags.
struct IntegerList: ExpressibleByArgument, Equatable {
    let values: [Int]

    init?(argument: String) {
        let parts = argument.split(separator: ",", omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: .whitespaces) }
        let numbers = parts.compactMap { Int($0) }
        guard !parts.isEmpty, numbers.count == parts.count else { return nil }
        values = numbers
    }

    static var defaultCompletionKind: CompletionKind { .default }
}
