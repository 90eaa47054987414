"""Tests of the HTTP API; what they expect of the seed is computed in tests/api/expected.py."""
