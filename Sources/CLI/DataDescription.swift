import Foundation
import Datasets
import Configurations
import Flows

/// What was done to a user's file, in sentences for `lgf train` and `lgf describe` (nothing for the
/// paper's datasets, which keep their own preprocessing).
enum DataDescription {
    static func lines(_ configuration: ExperimentConfiguration, dataset: Datasets.Dataset?) -> [String] {
        guard let preparation = configuration.preparation else { return [] }
        var lines: [String] = []
        let sizes = dataset.map { "\($0.train.rowCount) train / \($0.validation.rowCount) validation / \($0.test.rowCount) test rows" } ?? "splits"
        if !preparation.carved {
            lines.append("Data: \(sizes), each from its own file.")
        } else if preparation.shuffled {
            lines.append("Data: \(sizes); validation and test carved from the training file after a shuffle of its rows seeded by --seed \(configuration.training.seed) (--no-shuffle keeps file order).")
        } else {
            lines.append("Data: \(sizes); validation and test carved from the end of the training file in file order (--no-shuffle).")
        }
        let names = preparation.keptColumns.enumerated().map { index, column in preparation.columnNames?[index] ?? "column \(column)" }
        var columns = "Columns modelled: \(names.joined(separator: ", ")) (\(names.count) of \(preparation.fileColumnCount))"
        if !preparation.droppedColumns.isEmpty {
            columns += "; left out: " + preparation.droppedColumns.map { "\($0.name) (\($0.reason.rawValue))" }.joined(separator: ", ")
        }
        lines.append(columns + ".")
        if let context = preparation.context {
            lines.append(contextLine(context, standardization: configuration.model.context?.standardization))
        }
        if let steps = preparation.dequantizationSteps {
            let noisy = zip(names, steps).filter { $0.1 > 0 }.map { "\($0.0) ± \(String(format: "%g", $0.1 / 2))" }
            lines.append(noisy.isEmpty ? "Dequantisation: no column looks discrete, so no noise was added."
                                       : "Dequantised with centred uniform noise: \(noisy.joined(separator: ", ")).")
        }
        if let standardization = configuration.model.inputStandardization {
            lines.append("Standardised by the training split's mean and std (the model's first step, fixed); log-likelihoods are in the data's own units, "
                + String(format: "including the standardisation's log-Jacobian −Σ log σ_j = %.4f nats.", standardization.logAbsDeterminant))
        } else {
            lines.append("Not standardised (--no-standardize); log-likelihoods are in the data's own units.")
        }
        return lines
    }

    /// "Conditional density p(x | c) of the modelled columns given the context columns a (numeric, standardised by mean 1.2
    /// and std 0.5), label (categorical: 0, 1, 2; one-hot, 3 features): …"; more than three numeric columns are named
    /// together, without their statistics (`describe --json` has them).
    static func contextLine(_ context: [ContextColumn], standardization: InputStandardization?) -> String {
        let numericCount = context.filter { $0.categories == nil }.count
        var feature = 0, parts: [String] = []
        for column in context {
            defer { feature += column.width }
            if let categories = column.categories {
                parts.append("\(column.name) (categorical: \(ContextColumn.categoryList(categories)); one-hot, \(column.width) features)")
            } else if let standardization, numericCount <= 3 {
                parts.append("\(column.name) (numeric, standardised by mean \(ContextColumn.format(standardization.mean[feature])) and std \(ContextColumn.format(standardization.std[feature])))")
            } else {
                parts.append(column.name)
            }
        }
        let grouped = numericCount > 3 ? " (\(numericCount) numeric columns, each standardised by the training split's mean and std)" : ""
        return "Conditional density p(x | c) of the modelled columns given the context columns \(parts.joined(separator: ", "))\(grouped): "
            + "\(context.featureCount) context features; log-likelihoods are log p(x | c), and sampling takes a context."
    }
}
