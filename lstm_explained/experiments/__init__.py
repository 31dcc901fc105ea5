"""The experiments of the book: seeded functions that return plain data, and their plots."""
