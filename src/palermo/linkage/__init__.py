"""Record linkage across agencies (Splink over DuckDB or Spark) and privacy-preserving Bloom-filter encodings: a pure engine (no Django)."""
