print("augment-bench: not yet")
