import Tensors

/// Tensor elements as raw little-endian bytes in C (row-major) order, the layout of safetensors and `.npy`.
enum TensorBytes {
    /// Appends the elements of `tensor` to `bytes`.
    static func append(_ tensor: Tensor, to bytes: inout [UInt8]) {
        switch tensor.dtype {
        case .float32: tensor.withUnsafeFloats { values in appendLittleEndian(values, as: UInt32.self, to: &bytes) }
        case .float64: tensor.withUnsafeDoubles { values in appendLittleEndian(values, as: UInt64.self, to: &bytes) }
        }
    }

    /// A tensor of `shape` and `dtype` read from `bytes`, which holds exactly its elements.
    static func tensor(from bytes: ArraySlice<UInt8>, shape: Shape, dtype: DType) -> Tensor {
        require(bytes.count == shape.elementCount * dtype.byteCount, "TensorBytes: \(bytes.count) bytes for shape \(shape) of \(dtype)")
        var tensor = Tensor(zeros: shape, dtype: dtype)
        switch dtype {
        case .float32: tensor.withUnsafeMutableFloats { values in readLittleEndian(bytes, as: UInt32.self, into: values) }
        case .float64: tensor.withUnsafeMutableDoubles { values in readLittleEndian(bytes, as: UInt64.self, into: values) }
        }
        return tensor
    }

    private static func appendLittleEndian<Scalar: BinaryFloatingPoint, Bits: FixedWidthInteger>(
        _ values: UnsafeBufferPointer<Scalar>, as _: Bits.Type, to bytes: inout [UInt8]
    ) {
        #if _endian(little)
        bytes.append(contentsOf: UnsafeRawBufferPointer(values))
        #else
        for value in values {
            withUnsafeBytes(of: unsafeBitCast(value, to: Bits.self).littleEndian) { bytes.append(contentsOf: $0) }
        }
        #endif
    }

    private static func readLittleEndian<Scalar: BinaryFloatingPoint, Bits: FixedWidthInteger>(
        _ bytes: ArraySlice<UInt8>, as _: Bits.Type, into values: UnsafeMutableBufferPointer<Scalar>
    ) {
        bytes.withUnsafeBytes { source in
            #if _endian(little)
            UnsafeMutableRawBufferPointer(values).copyMemory(from: source)
            #else
            for index in values.indices {
                let bits = Bits(littleEndian: source.loadUnaligned(fromByteOffset: index * MemoryLayout<Bits>.size, as: Bits.self))
                values[index] = unsafeBitCast(bits, to: Scalar.self)
            }
            #endif
        }
    }
}
