// The Plots module.
enum PlotsModule {}
