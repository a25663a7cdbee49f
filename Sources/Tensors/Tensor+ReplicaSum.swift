// MARK: - The sum of a tensor over the replicas of a data-parallel job, differentiable

extension Tensor {
    /// The elementwise sum of this tensor over every replica of `group` (an all-reduce), on every replica.
    ///
    /// Its backward rule is the same all-reduce of the incoming gradient: with the total loss L = Σ_s L_s over
    /// replicas s and y = Σ_r x_r, ∂L/∂x_r = Σ_s ∂L_s/∂y, and replica s's backward pass knows only ∂L_s/∂y. Built
    /// from it, a global batch mean Σ_r Σ_i x_ri / N has exactly the gradient it has in one process holding the
    /// whole batch, whatever follows it (Ioffe & Szegedy, arXiv:1502.03167, with the batch split over processes,
    /// as PyTorch's `SyncBatchNorm` does). Values are summed in Double and returned in this tensor's dtype.
    /// - Parameter group: every replica calls this with a tensor of the same shape, in the same order.
    /// - Returns: a tensor of this shape.
    package func summedOverReplicas(_ group: any ReplicaGroup) -> Tensor {
        var values = doubles
        group.sumOverReplicas(&values)
        let result = Tensor(shape: shape, values: values, dtype: dtype)
        guard let inputs = Tensor.recordedInputs(self) else { return result }
        return result.recorded(from: inputs) { [node, shape, dtype] g in
            var gradient = g.doubles
            group.sumOverReplicas(&gradient)
            node?.accumulate(Tensor(shape: shape, values: gradient, dtype: dtype))
        }
    }
}
