"""Tests of rules.sosialhjelp: the YAML cases and the unit and property tests."""
