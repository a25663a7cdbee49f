/// What training maximises for a model with continuously indexed layers (an exact model's objective is its
/// log-likelihood either way).
public enum TrainingObjective: String, Sendable, Codable, CaseIterable {
    /// The evidence lower bound averaged over K_train draws of the indices (Cornish et al. 2020, §3), as the paper trains.
    case elbo
    /// The importance-weighted bound with K_train draws (Burda et al., *Importance Weighted Autoencoders*, ICLR 2016,
    /// arXiv:1509.00519, Eq. 8; the `cif` code's `train_objective: iwae`): tighter than the ELBO for K_train > 1 and
    /// equal to it for K_train = 1.
    case iwae
}
