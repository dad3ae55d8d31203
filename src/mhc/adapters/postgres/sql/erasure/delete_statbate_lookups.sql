DELETE FROM statbate_lookups WHERE person_id = %(person_id)s::bigint
