CASE WHEN i.type = 'TIP' AND jsonb_typeof(i.metadata -> 'tokens') = 'number'
     THEN (i.metadata ->> 'tokens')::numeric END
