import Tensors
import Networks
import Flows

/// An in-memory copy of everything an epoch changes (parameters, buffers, Adam's moments), taken after
/// every good epoch so a non-finite loss can roll back without touching the files. Tensors are
/// copy-on-write, so taking it costs nothing until training writes the next update.
struct TrainingSnapshot {
    private let parameters: [Tensor]
    private let buffers: [Tensor]
    private let stepCount: Int
    private let firstMoments: [Tensor]
    private let secondMoments: [Tensor]

    init(model: FlowDensity, optimizer: Adam) {
        parameters = model.parameters.map(\.value)
        buffers = model.buffers.map(\.value)
        stepCount = optimizer.stepCount
        firstMoments = optimizer.firstMoments
        secondMoments = optimizer.secondMoments
    }

    func restore(model: FlowDensity, optimizer: Adam) {
        for (parameter, value) in zip(model.parameters, parameters) { parameter.value = value }
        for (buffer, value) in zip(model.buffers, buffers) { buffer.value = value }
        optimizer.restore(stepCount: stepCount, firstMoments: firstMoments, secondMoments: secondMoments)
    }
}
