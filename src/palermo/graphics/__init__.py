"""Server-drawn SVG charts and maps (pure: no Django), with data tables as their text alternative."""
