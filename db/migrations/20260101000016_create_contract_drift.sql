-- migrate:up
-- What the external services sent that our reading of their contracts did not expect: one row
-- per service, endpoint, kind and subject (a JSON path, a method name, an HTTP status), counted.
-- The example is the first one seen, secrets masked and cut to about 2 KB by the application.
CREATE TABLE contract_drift (
    id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    service       text        NOT NULL,
    endpoint      text        NOT NULL,
    kind          text        NOT NULL CHECK (kind IN (
                      'unknown_field', 'missing_field', 'type_changed', 'unknown_method',
                      'decode_failure', 'unexpected_status')),
    subject       text        NOT NULL,
    detail        text        NOT NULL,
    count         bigint      NOT NULL CHECK (count > 0),
    first_seen_at timestamptz NOT NULL DEFAULT now(),
    last_seen_at  timestamptz NOT NULL DEFAULT now(),
    first_example jsonb       NOT NULL DEFAULT 'null'::jsonb,
    UNIQUE (service, endpoint, kind, subject)
);
CREATE INDEX contract_drift_recent_idx ON contract_drift (last_seen_at DESC, id DESC);

-- migrate:down
DROP TABLE contract_drift;
