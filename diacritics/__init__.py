"""Training pipeline for the diacritic-restoration model (not shipped in the package)."""
