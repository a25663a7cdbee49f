import Tensors
import Datasets

extension DataTable {
    /// The table as a `[rows, columns]` float32 tensor.
    package func tensor(dtype: DType = .float32) -> Tensor {
        Tensor(shape: [rowCount, columnCount], values: values, dtype: dtype)
    }
}
