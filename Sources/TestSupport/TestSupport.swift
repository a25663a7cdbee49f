// The TestSupport module.
enum TestSupportModule {}
