-- migrate:up
-- One call budget per paid account, shared by every process (worker, CLI, web): the
-- theoretical arrival time of the generic cell-rate algorithm (see domain/budget.py), and
-- until when a 429 halved the rate. Each grant updates the row under its lock.
CREATE TABLE api_call_budgets (
    account         text        PRIMARY KEY,
    tat             timestamptz,
    slowed_until    timestamptz,
    updated_at      timestamptz NOT NULL DEFAULT now()
);

-- Automatic Statbate look-ups of people seen in the room: the queue and what came of it. A
-- row is the person's latest look-up; `next_attempt_at` is when a queued one is due, or when
-- an answered or failed one may be asked again (found and "not on Statbate" after the
-- freshness window, a failure sooner).
CREATE TABLE statbate_lookups (
    person_id       bigint      PRIMARY KEY REFERENCES persons (id) ON DELETE CASCADE,
    status          text        NOT NULL CHECK (status IN ('queued', 'found', 'not_found', 'failed')),
    queued_at       timestamptz NOT NULL DEFAULT now(),
    attempts        integer     NOT NULL DEFAULT 0,
    next_attempt_at timestamptz NOT NULL DEFAULT now(),
    looked_up_at    timestamptz,
    error           text,
    updated_at      timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX statbate_lookups_due_idx ON statbate_lookups (next_attempt_at, queued_at)
    WHERE status = 'queued';

-- Where each of the worker's room followers (look-ups, alerts) stands in the stored room
-- events, so a restart neither misses nor repeats any.
CREATE TABLE room_followers (
    name                text        PRIMARY KEY,
    last_interaction_id bigint      NOT NULL,
    updated_at          timestamptz NOT NULL DEFAULT now()
);

-- The radar and the alert stream read the latest Chaturbate user object of a person: the
-- newest Events API interaction that carries one.
CREATE INDEX interactions_person_user_flags_idx ON interactions (person_id, occurred_at DESC, id DESC)
    WHERE source = 'cb_events' AND metadata ? 'user';

-- migrate:down
DROP INDEX interactions_person_user_flags_idx;
DROP TABLE room_followers;
DROP TABLE statbate_lookups;
DROP TABLE api_call_budgets;
