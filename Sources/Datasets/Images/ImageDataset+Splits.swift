extension ImageDataset {
    /// Three splits of one image shape, cut by the caller (a user's file carved by the MAF rule, or a training
    /// subset).
    /// - Precondition: the three stacks have the same image shape.
    public static func splits(name: String, train: ImageStack, validation: ImageStack, test: ImageStack) -> ImageDataset {
        precondition(train.imageShape == validation.imageShape && train.imageShape == test.imageShape,
                     "ImageDataset: the splits need one image shape, got \(train.imageShape), \(validation.imageShape), \(test.imageShape)")
        return ImageDataset(name: name, train: train, validation: validation, test: test)
    }
}
