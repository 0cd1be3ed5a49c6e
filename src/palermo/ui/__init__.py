"""Page components shared by every app (tables with sorting, filtering and guarded exports)."""
