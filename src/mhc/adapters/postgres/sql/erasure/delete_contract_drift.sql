-- A drift alarm whose example shows the person goes with them; the next drift raises it again.
DELETE FROM contract_drift
WHERE names_person(subject || ' ' || detail || ' ' || first_example::text, %(person_id)s::bigint)
