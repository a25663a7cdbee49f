import Testing
@testable import Tensors

/// Which passes `ConvolutionPlan` gives to Winograd: by the method a call asks for, `ConvolutionAlgorithm.current`
/// and the measured rule on the shape.
struct ConvolutionPlanTests {
    static func geometry(_ input: Int, _ output: Int, side: Int, kernel: Int = 3) -> ConvolutionGeometry {
        ConvolutionGeometry(batch: 4, inputChannels: input, outputChannels: output, height: side, width: side, kernelSize: kernel)
    }

    static func transforms(_ plan: ConvolutionPlan) -> [WinogradTransform?] { [plan.forward, plan.inputGradient, plan.weightGradient] }

    @Test func automaticFollowsTheMeasuredRule() {
        ConvolutionAlgorithm.with(.automatic) {
            for (g, expected) in [(Self.geometry(64, 64, side: 28), WinogradTransform.f4), (Self.geometry(16, 16, side: 7), .f4),
                                  (Self.geometry(64, 64, side: 14), .f4)] {
                #expect(Self.transforms(ConvolutionPlan(method: .automatic, g)) == [expected, expected, expected])
            }
            for g in [Self.geometry(1, 64, side: 28), Self.geometry(64, 3, side: 28), Self.geometry(8, 8, side: 28),
                      Self.geometry(64, 64, side: 6), Self.geometry(64, 64, side: 28, kernel: 1), Self.geometry(64, 64, side: 28, kernel: 5)] {
                #expect(Self.transforms(ConvolutionPlan(method: .automatic, g)) == [nil, nil, nil])
            }
        }
    }

    @Test func theAlgorithmAndTheMethodOverrideTheRule() {
        let small = Self.geometry(2, 3, side: 5), large = Self.geometry(64, 64, side: 28)
        ConvolutionAlgorithm.with(.winograd) {
            #expect(Self.transforms(ConvolutionPlan(method: .automatic, small)) == [.f4, .f4, .f4])
            #expect(Self.transforms(ConvolutionPlan(method: .automatic, Self.geometry(2, 3, side: 5, kernel: 1))) == [nil, nil, nil])
            #expect(Self.transforms(ConvolutionPlan(method: .perTap, large)) == [nil, nil, nil])
        }
        ConvolutionAlgorithm.with(.direct) {
            #expect(Self.transforms(ConvolutionPlan(method: .automatic, large)) == [nil, nil, nil])
            #expect(Self.transforms(ConvolutionPlan(method: .winograd, small)) == [.f4, .f4, .f4])
            #expect(ConvolutionPlan(method: .winograd, small).directMethod == .automatic)
        }
    }
}
