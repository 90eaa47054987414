"""One router per resource; each route parses with dependencies, calls one query function
and returns a public model."""
