"""Stand-ins for the municipality's systems (e-service, income register, legacy case system), for the demo and the tests."""
