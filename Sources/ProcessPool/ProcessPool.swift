/// Placeholder until the pool lands.
public enum ProcessPoolPlaceholder {}
