DELETE FROM statbate_lookups WHERE person_id = ANY (%(person_ids)s::bigint[])
