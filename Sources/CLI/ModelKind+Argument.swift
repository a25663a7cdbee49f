import ArgumentParser
import Flows
import Networks

extension ModelKind: ExpressibleByArgument {}
extension IndexedLayerVariant: ExpressibleByArgument {}
extension Activation: ExpressibleByArgument {}
