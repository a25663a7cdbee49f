// The Flows module.
enum FlowsModule {}
