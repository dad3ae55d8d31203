"""Composition root and processes: the only place that knows every concrete class."""
