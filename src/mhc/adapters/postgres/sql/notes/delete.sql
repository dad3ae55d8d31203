DELETE FROM notes
WHERE id = %(note_id)s::bigint
