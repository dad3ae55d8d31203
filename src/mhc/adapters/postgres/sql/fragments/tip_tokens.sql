-- A tip's tokens as a number; NULL for anything else (a malformed payload counts nothing).
CASE WHEN i.type = 'TIP' AND jsonb_typeof(i.metadata -> 'tokens') = 'number'
     THEN (i.metadata ->> 'tokens')::numeric END
