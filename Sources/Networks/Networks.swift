// The Networks module.
enum NetworksModule {}
