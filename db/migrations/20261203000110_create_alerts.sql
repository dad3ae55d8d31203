-- migrate:up
-- Alert rules the owner switches on and tunes; the defaults are on.
CREATE TABLE alert_rules (
    id                  bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    kind                text        NOT NULL CHECK (kind IN ('watchlist_enters', 'big_spender_enters',
                                                             'recent_tips', 'first_visit_tip',
                                                             'noted_enters')),
    name                text        NOT NULL CHECK (length(btrim(name)) > 0),
    enabled             boolean     NOT NULL DEFAULT true,
    params              jsonb       NOT NULL DEFAULT '{}'::jsonb,
    once_per_show       boolean     NOT NULL DEFAULT true,
    cooldown_minutes    integer     NOT NULL DEFAULT 60 CHECK (cooldown_minutes BETWEEN 1 AND 10080),
    muted_until         timestamptz,
    created_at          timestamptz NOT NULL DEFAULT now(),
    updated_at          timestamptz NOT NULL DEFAULT now()
);

INSERT INTO alert_rules (kind, name, params) VALUES
    ('watchlist_enters', 'A friend or someone to watch enters',
     jsonb_build_object('watchlist_ids', (
        SELECT COALESCE(jsonb_agg(id ORDER BY id), '[]'::jsonb) FROM watchlists
        WHERE is_system AND name IN ('Friends', 'Ones to Watch', 'Banned But Craved')))),
    ('big_spender_enters', 'A big spender on Statbate enters', '{"min_tokens": 10000}'),
    ('recent_tips', 'Chaturbate says they tip a lot lately', '{"levels": ["lots", "tons"]}'),
    ('first_visit_tip', 'A first-time visitor tips big', '{"min_tokens": 100}'),
    ('noted_enters', 'Someone you wrote a note about enters', '{}');

-- Muting every rule at once (one row).
CREATE TABLE alert_settings (
    id          boolean     PRIMARY KEY DEFAULT true CHECK (id),
    muted_until timestamptz,
    updated_at  timestamptz NOT NULL DEFAULT now()
);
INSERT INTO alert_settings (id) VALUES (true);

-- Every alert sent: when, which rule (its kind and name as they were), about whom, why.
CREATE TABLE alerts (
    id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    rule_id         bigint      REFERENCES alert_rules (id) ON DELETE SET NULL,
    rule_kind       text        NOT NULL,
    rule_name       text        NOT NULL,
    person_id       bigint      REFERENCES persons (id),
    username        text,
    session_id      bigint,
    interaction_id  bigint,
    reason          text        NOT NULL,
    fired_at        timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX alerts_time_idx ON alerts (fired_at DESC, id DESC);
CREATE INDEX alerts_rule_person_idx ON alerts (rule_id, person_id, fired_at DESC);
CREATE INDEX alerts_person_idx ON alerts (person_id);

-- How each alert went out, per channel: the panel's open tabs and Pushover.
CREATE TABLE alert_deliveries (
    alert_id    bigint      NOT NULL REFERENCES alerts (id) ON DELETE CASCADE,
    channel     text        NOT NULL CHECK (channel IN ('panel', 'pushover')),
    status      text        NOT NULL CHECK (status IN ('pending', 'sent', 'failed', 'skipped')),
    detail      text,
    updated_at  timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (alert_id, channel)
);

-- Open panel tabs learn of a new alert (or a delivery's outcome) from NOTIFY; the payload is
-- a hint, the listeners read the rows.
CREATE FUNCTION notify_alerts() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_notify('mhc_alerts', NEW.id::text);
    RETURN NULL;
END;
$$;
CREATE TRIGGER alerts_notify
    AFTER INSERT ON alerts
    FOR EACH ROW EXECUTE FUNCTION notify_alerts();

-- migrate:down
DROP TRIGGER alerts_notify ON alerts;
DROP FUNCTION notify_alerts();
DROP TABLE alert_deliveries;
DROP TABLE alerts;
DROP TABLE alert_settings;
DROP TABLE alert_rules;
