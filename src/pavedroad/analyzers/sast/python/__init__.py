"""The Python engine: the standard library's ast, never executing or importing what it reads."""
