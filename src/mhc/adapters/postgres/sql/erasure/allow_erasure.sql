-- Opens the append-only triggers to DELETEs of this transaction only (migration 14).
SELECT set_config('mhc.erasure', pg_current_xact_id()::text, true)
