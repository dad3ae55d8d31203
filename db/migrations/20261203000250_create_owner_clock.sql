-- migrate:up
-- The owner's clock: the time zone (an IANA name) and the 12- or 24-hour clock that every time
-- the panel shows follows. At most one row; until the owner saves one the panel uses
-- MHC_TIMEZONE (or UTC) on a 24-hour clock.
CREATE TABLE owner_clock (
    id          boolean     PRIMARY KEY DEFAULT true CHECK (id),
    timezone    text        NOT NULL CHECK (length(timezone) BETWEEN 1 AND 64),
    clock       text        NOT NULL CHECK (clock IN ('12h', '24h')),
    updated_at  timestamptz NOT NULL DEFAULT now()
);

-- migrate:down
DROP TABLE owner_clock;
