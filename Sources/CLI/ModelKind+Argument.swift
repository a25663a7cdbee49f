import ArgumentParser
import Flows
import Networks
import Configurations

extension ModelKind: ExpressibleByArgument {}
extension ModelName: ExpressibleByArgument {}
extension TrainingObjective: ExpressibleByArgument {}
extension IndexedLayerVariant: ExpressibleByArgument {}
extension IndexedLayerNormalization: ExpressibleByArgument {}
extension IndexedLayerInitialization: ExpressibleByArgument {}
extension Activation: ExpressibleByArgument {}
extension BatchNormStatistics: ExpressibleByArgument {}
