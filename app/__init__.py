"""Parley: a read-only REST API over the negotiation positions of annotated diplomatic records."""
