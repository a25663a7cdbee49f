import Tensors
import FileSystem

/// One tensor's entry in a safetensors header, checked field by field:
/// `{"dtype": "F32", "shape": [2, 3], "data_offsets": [begin, end]}` (other fields are ignored, as the
/// reference reader ignores them).
struct SafeTensorsEntry {
    let name: String
    let dtype: DType
    let shape: Shape
    /// The byte range in the data section.
    let begin: UInt64
    let end: UInt64

    /// - Throws: `CheckpointError` naming `source` and the tensor.
    init(name: String, json: JSONValue, source: String) throws(CheckpointError) {
        func malformed(_ reason: String) -> CheckpointError { .malformedTensorEntry(source: source, tensor: name, reason: reason) }
        guard case .object(let fields) = json else { throw malformed("expected an object with dtype, shape and data_offsets, found \(json.kindName)") }
        func field(_ key: String) throws(CheckpointError) -> JSONValue {
            guard let value = fields.first(where: { $0.key == key })?.value else { throw malformed("missing \"\(key)\"") }
            return value
        }
        func unsignedIntegers(_ key: String) throws(CheckpointError) -> [UInt64] {
            let value = try field(key)
            guard case .array(let elements) = value else { throw malformed("expected \"\(key)\" to be an array of non-negative integers, found \(value.kindName)") }
            var integers: [UInt64] = []
            for element in elements {
                guard let integer = element.unsignedInteger else {
                    throw malformed("expected \"\(key)\" to hold non-negative integers, found \(element.kindName)")
                }
                integers.append(integer)
            }
            return integers
        }

        let dtypeValue = try field("dtype")
        guard case .string(let dtypeName) = dtypeValue else { throw malformed("expected \"dtype\" to be a string, found \(dtypeValue.kindName)") }
        let extents = try unsignedIntegers("shape")
        let offsets = try unsignedIntegers("data_offsets")
        guard offsets.count == 2 else { throw malformed("expected \"data_offsets\" to hold [begin, end], found \(offsets.count) numbers") }
        guard let dtype = SafeTensorsDType.dtype(named: dtypeName) else {
            throw .unsupportedDType(source: source, tensor: name, dtype: dtypeName)
        }
        guard extents.allSatisfy({ $0 <= UInt64(Int.max) }) else { throw malformed("shape \(extents) has an extent too large to address") }
        let dimensions = extents.map { Int($0) }
        guard dimensions.count <= Shape.maximumRank else { throw .unsupportedRank(source: source, tensor: name, shape: dimensions) }

        self.name = name
        self.dtype = dtype
        self.shape = Shape(dimensions)
        self.begin = offsets[0]
        self.end = offsets[1]
    }

    /// The number of bytes shape × dtype size, or `nil` if it overflows.
    var expectedByteCount: UInt64? {
        var total = UInt64(dtype.byteCount)
        for extent in shape.dimensions {
            let (product, overflow) = total.multipliedReportingOverflow(by: UInt64(extent))
            if overflow { return nil }
            total = product
        }
        return total
    }

    /// The range lies inside the data section and matches the shape and dtype.
    func validateRange(dataByteCount: Int, source: String) throws(CheckpointError) {
        guard begin <= end, end <= UInt64(dataByteCount) else {
            throw .offsetsOutOfRange(source: source, tensor: name, begin: begin, end: end, dataByteCount: dataByteCount)
        }
        let expected = expectedByteCount
        guard expected == end - begin else {
            throw .sizeMismatch(source: source, tensor: name, shape: shape.dimensions, dtype: SafeTensorsDType.name(of: dtype),
                                expectedByteCount: expected ?? UInt64.max, byteCount: end - begin)
        }
    }
}
