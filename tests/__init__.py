"""The tests: a real database built by the migrations and the seed (see conftest.py)."""
