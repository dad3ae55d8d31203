-- Which of these digests an erasure recorded: keyed ones, and the bare SHA-256 of audits
-- written before the digests were keyed.
SELECT username_hmac FROM erasures WHERE username_hmac = ANY(%(hmacs)s::text[])
UNION
SELECT username_sha256 FROM erasures WHERE username_sha256 = ANY(%(sha256s)s::text[])
