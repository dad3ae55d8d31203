-- The directory's total alone, for a page past the end (where the page query has no row).
WITH {{directory_filtered}}
SELECT count(*) FROM filtered
