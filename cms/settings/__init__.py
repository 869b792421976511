"""Settings: base (shared), dev, test and production (environment only)."""
