"""The annotation loader: validate `seed/`, resolve quotes into spans, write in one transaction."""
