"""Job ads: ingest, search and synthetic ads."""
