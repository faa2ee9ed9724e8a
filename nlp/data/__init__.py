"""Data files the anonymiser reads (built by the scripts beside them, committed)."""
