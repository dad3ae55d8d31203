SELECT key, value, dismissed_at
FROM analysis_dismissals
WHERE person_id = %(person_id)s
ORDER BY dismissed_at DESC, id DESC
