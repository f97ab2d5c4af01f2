"""The e-service connector: the HTTP JSON client and the intake model of a reapplication."""
