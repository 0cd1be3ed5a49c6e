"""Publishing: the Secretary-General's report generated from the data (FR/EN; HTML, PDF, DOCX) and open exports (SDMX, data packages)."""
