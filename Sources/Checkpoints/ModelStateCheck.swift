import Tensors
import Networks
import FileSystem

/// Checks a model (and optimiser) just restored from a checkpoint for values no training can produce,
/// so a damaged file without checksums, or one edited and re-checksummed, is refused instead of giving
/// wrong likelihoods: every parameter, buffer and moment finite; batch-norm running variances positive;
/// Adam's second moments non-negative and its learning rate positive; every MADE mask binary and
/// autoregressive (output i of each head reachable only from inputs 1…i−1; Germain et al., *MADE*, ICML
/// 2015, §4). Masks are checked by that law rather than compared with freshly built ones, because
/// checkpoints from before the degree-sorted masks (docs/design.md, "MADE's hidden units…") hold other, equally
/// valid masks.
public enum ModelStateCheck {
    /// - Parameters:
    ///   - source: the checkpoint's path, named in errors.
    /// - Throws: `CheckpointError.invalidValue` naming the tensor.
    public static func validate(_ model: some Layer, optimizer: Adam?, source: String) throws(CheckpointError) {
        var names: [ObjectIdentifier: String] = [:]
        for (name, tensor) in model.namedState {
            switch tensor {
            case .parameter(let parameter): names[ObjectIdentifier(parameter)] = name
            case .buffer(let buffer): names[ObjectIdentifier(buffer)] = name
            }
            try requireFinite(tensor.value, name: name, source: source)
            if name.hasSuffix("runningVariance"), tensor.value.doubles.contains(where: { $0 <= 0 }) {
                throw .invalidValue(source: source, tensor: name, reason: "holds a variance ≤ 0, expected positive running variances")
            }
        }
        try checkMasks(in: model, names: names, source: source)
        guard let optimizer else { return }
        guard optimizer.learningRate.isFinite && optimizer.learningRate > 0 else {
            throw .invalidValue(source: source, tensor: CheckpointNames.learningRate, reason: "is \(optimizer.learningRate), expected a positive learning rate")
        }
        for (index, (first, second)) in zip(optimizer.firstMoments, optimizer.secondMoments).enumerated() {
            let name = names[ObjectIdentifier(optimizer.parameters[index])] ?? "\(index)"
            try requireFinite(first, name: CheckpointNames.firstMoment(of: name), source: source)
            try requireFinite(second, name: CheckpointNames.secondMoment(of: name), source: source)
            if second.doubles.contains(where: { $0 < 0 }) {
                throw .invalidValue(source: source, tensor: CheckpointNames.secondMoment(of: name), reason: "holds a negative second moment")
            }
        }
    }

    private static func requireFinite(_ tensor: Tensor, name: String, source: String) throws(CheckpointError) {
        if let index = tensor.doubles.firstIndex(where: { !$0.isFinite }) {
            throw .invalidValue(source: source, tensor: name, reason: "holds a non-finite value at element \(index)")
        }
    }

    /// Walks the layers and checks every MADE's masks.
    private static func checkMasks(in layer: any Layer, names: [ObjectIdentifier: String], source: String) throws(CheckpointError) {
        if let made = layer as? MADE { try checkAutoregressive(made, names: names, source: source) }
        for sublayer in layer.sublayers { try checkMasks(in: sublayer, names: names, source: source) }
    }

    /// Propagates, unit by unit, the highest input index each unit can see (0: none); output i of a head
    /// must see only inputs below i.
    private static func checkAutoregressive(_ made: MADE, names: [ObjectIdentifier: String], source: String) throws(CheckpointError) {
        var reach = Array(1...made.featureCount)
        for layer in made.layers {
            let mask = layer.mask.value
            let name = names[ObjectIdentifier(layer.mask)] ?? "mask"
            let (rows, columns) = (mask.shape[0], mask.shape[1])
            let values = mask.doubles
            guard columns == reach.count else {
                throw .invalidValue(source: source, tensor: name, reason: "has \(MessageText.count(columns, "column")), the layer below has \(MessageText.count(reach.count, "unit"))")
            }
            if values.contains(where: { $0 != 0 && $0 != 1 }) {
                throw .invalidValue(source: source, tensor: name, reason: "holds values other than 0 and 1, expected a binary MADE mask")
            }
            reach = (0..<rows).map { row in
                (0..<columns).reduce(0) { highest, column in values[row * columns + column] == 1 ? max(highest, reach[column]) : highest }
            }
        }
        for (output, highest) in reach.enumerated() where highest >= output % made.featureCount + 1 {
            let name = made.layers.first.flatMap { names[ObjectIdentifier($0.mask)] } ?? "mask"
            throw .invalidValue(source: source, tensor: name,
                                reason: "and the MADE's masks after it let output \(output + 1) see input \(highest): they are not autoregressive")
        }
    }
}
