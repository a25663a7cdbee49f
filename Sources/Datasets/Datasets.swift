// The Datasets module.
enum DatasetsModule {}
