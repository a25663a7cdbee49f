// The Tensors module.
enum TensorsModule {}
