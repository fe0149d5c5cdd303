"""The sizing and trade-off engine: numpy and the domain only; no Qt, no database."""
