"""Reading and writing stories in exchange formats: JSONL, CSV, the K2 site text, QDPX."""
