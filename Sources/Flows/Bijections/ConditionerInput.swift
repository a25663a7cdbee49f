import Tensors

/// One input that a network sees after its own (the index u, the context c), and the width it was built for.
struct ExtraInput {
    /// What the input is, for the message when it is missing (`the index u`, `the context c`).
    let role: String
    /// The rows, `[batch, width]`; `nil` when the caller has none.
    let values: Tensor?
    /// The columns the network reserves for it (0: the network does not see it, and `values` is ignored).
    let width: Int

    static func index(_ values: Tensor?, width: Int) -> ExtraInput { ExtraInput(role: "the index u", values: values, width: width) }
    static func context(_ values: Tensor?, width: Int) -> ExtraInput { ExtraInput(role: "the context c", values: values, width: width) }
}

/// `[input, extra₁, extra₂, …]` (columns in that order) for the extras a network sees (width > 0): the input of a
/// coupler that sees u and c (nflows' conditioners concatenate the context after their inputs the same way), of an
/// LGF's (s, t) network and of p(u | z, c) and q(u | x, c). Without extras it is `input` itself, so an
/// unconditional network computes what it always has.
/// - Precondition: every extra the network sees is given with its width (a programmer error otherwise: the density
///   validates contexts at its entry).
func conditionerInput(_ input: Tensor, appending extras: [ExtraInput], in layer: String) -> Tensor {
    var columns = [input]
    for extra in extras where extra.width > 0 {
        guard let values = extra.values else { requirementFailure("\(layer): sees \(extra.role) of width \(extra.width), none was given") }
        require(values.rank == 2 && values.shape[1] == extra.width && values.shape[0] == input.shape[0],
                "\(layer): \(extra.role) of shape \(values.shape), expected [\(input.shape[0]), \(extra.width)]")
        columns.append(values)
    }
    return columns.count == 1 ? input : Tensor.concatenatingColumns(columns)
}
