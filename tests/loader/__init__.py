"""Tests of the loader: each annotation mistake refused with its location, and `parley load`."""
