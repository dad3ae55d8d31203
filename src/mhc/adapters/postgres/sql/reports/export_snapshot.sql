-- The report transaction's snapshot, for the connections that read its people side by side.
SELECT pg_export_snapshot()
