-- One durable reminder per (group, meeting, offset). Sent, dropped and failed rows stay as history.
CREATE TABLE reminder (
    group_uid        TEXT        NOT NULL,
    meeting_number   INTEGER     NOT NULL,
    offset_text      TEXT        NOT NULL,
    namespace        TEXT        NOT NULL,
    group_name       TEXT        NOT NULL,
    channel_id       TEXT        NOT NULL,
    meeting_start    TIMESTAMPTZ NOT NULL,
    due_at           TIMESTAMPTZ NOT NULL,
    mentions         TEXT        NOT NULL DEFAULT '',
    state            TEXT        NOT NULL DEFAULT 'pending'
                     CHECK (state IN ('pending', 'sent', 'cancelled', 'dropped', 'failed')),
    attempts         INTEGER     NOT NULL DEFAULT 0,
    next_attempt_at  TIMESTAMPTZ,
    last_error       TEXT,
    message_id       TEXT,
    updated_at       TIMESTAMPTZ NOT NULL DEFAULT now(),
    PRIMARY KEY (group_uid, meeting_number, offset_text)
);
CREATE INDEX reminder_due ON reminder (due_at) WHERE state = 'pending';

-- One row per (group, meeting, member) with the member's calendar response.
CREATE TABLE rsvp (
    group_uid        TEXT        NOT NULL,
    meeting_number   INTEGER     NOT NULL,
    member_id        TEXT        NOT NULL,
    response         TEXT        NOT NULL
                     CHECK (response IN ('accepted', 'declined', 'tentative', 'needsAction')),
    updated_at       TIMESTAMPTZ NOT NULL DEFAULT now(),
    PRIMARY KEY (group_uid, meeting_number, member_id)
);

-- Ledger of welcome messages: one per (group, member) membership; removed when the member leaves, so a member
-- who rejoins is welcomed again. outcome: sent (the DM went out), skipped (an initial member of a group brought
-- under the operator with welcome.initialMembers Skip), undeliverable (Discord refused the DM for good, e.g.
-- 50007 DMs closed; kept so it is not retried forever).
CREATE TABLE welcome (
    group_uid        TEXT        NOT NULL,
    member_id        TEXT        NOT NULL,
    discord_user_id  TEXT        NOT NULL,
    outcome          TEXT        NOT NULL CHECK (outcome IN ('sent', 'skipped', 'undeliverable')),
    message_id       TEXT,
    detail           TEXT,
    sent_at          TIMESTAMPTZ NOT NULL DEFAULT now(),
    PRIMARY KEY (group_uid, member_id)
);

-- Groups whose welcome ledger was set up by a first reconcile; without a row the group's members are initial.
CREATE TABLE welcome_group (
    group_uid        TEXT        PRIMARY KEY,
    initialized_at   TIMESTAMPTZ NOT NULL DEFAULT now()
);
