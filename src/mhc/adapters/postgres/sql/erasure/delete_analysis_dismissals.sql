DELETE FROM analysis_dismissals WHERE person_id = %(person_id)s::bigint
