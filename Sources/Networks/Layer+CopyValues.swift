import Tensors

extension Layer {
    /// Makes this layer's parameters and buffers equal to `other`'s, value for value, so that the two compute the same
    /// function from here on while training moves them apart (a localised flow's p(u | z) starting as a copy of
    /// q(u | x), `IndexedLayerInitialization.informedIdentity`).
    /// - Precondition: `other` has the same parameters and buffers, in the same order and shapes (the same
    ///   architecture).
    public func copyValues(of other: any Layer) {
        let (mine, theirs) = (parameters, other.parameters)
        require(mine.count == theirs.count, "copyValues: \(theirs.count) parameters to copy into \(mine.count)")
        for (target, source) in zip(mine, theirs) { target.value = source.value }
        let (myBuffers, theirBuffers) = (buffers, other.buffers)
        require(myBuffers.count == theirBuffers.count, "copyValues: \(theirBuffers.count) buffers to copy into \(myBuffers.count)")
        for (target, source) in zip(myBuffers, theirBuffers) { target.value = source.value }
    }
}
