// The Experiments module.
enum ExperimentsModule {}
