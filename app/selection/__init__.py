"""The model selection matrix: criteria, weights, scoring and sensitivity."""
