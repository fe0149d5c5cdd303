"""Selection-page widgets for quality evidence: which benchmark stands for quality, importing the
team's own evaluations, and the quality-per-dollar charts."""
