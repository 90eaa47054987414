"""Tests of the reader's pages (app/web)."""
