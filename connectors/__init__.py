"""Connectors to the municipality's systems: the e-service, the income register and the legacy case system."""
