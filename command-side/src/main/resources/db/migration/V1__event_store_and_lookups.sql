-- Axon event store (JdbcEventStorageEngine with the snake_case EventSchema of AxonConfiguration).
-- Payload and metadata are JSON bytes in BYTEA (never OID large objects).
CREATE TABLE domain_event_entry (
    global_index         BIGSERIAL    NOT NULL PRIMARY KEY,
    aggregate_identifier VARCHAR(255) NOT NULL,
    sequence_number      BIGINT       NOT NULL,
    type                 VARCHAR(255),
    event_identifier     VARCHAR(255) NOT NULL UNIQUE,
    meta_data            BYTEA,
    payload              BYTEA        NOT NULL,
    payload_revision     VARCHAR(255),
    payload_type         VARCHAR(255) NOT NULL,
    time_stamp           VARCHAR(255) NOT NULL,
    -- Optimistic concurrency between command-side instances: two appends at one position cannot both win.
    UNIQUE (aggregate_identifier, sequence_number)
);

CREATE TABLE snapshot_event_entry (
    aggregate_identifier VARCHAR(255) NOT NULL,
    sequence_number      BIGINT       NOT NULL,
    type                 VARCHAR(255) NOT NULL,
    event_identifier     VARCHAR(255) NOT NULL UNIQUE,
    meta_data            BYTEA,
    payload              BYTEA        NOT NULL,
    payload_revision     VARCHAR(255),
    payload_type         VARCHAR(255) NOT NULL,
    time_stamp           VARCHAR(255) NOT NULL,
    PRIMARY KEY (aggregate_identifier, sequence_number)
);

-- Positions of tracking event processors (the Kafka publisher).
CREATE TABLE token_entry (
    processor_name VARCHAR(255) NOT NULL,
    segment        INTEGER      NOT NULL,
    token          BYTEA,
    token_type     VARCHAR(255),
    timestamp      VARCHAR(255),
    owner          VARCHAR(255),
    PRIMARY KEY (processor_name, segment)
);

-- Set validation: written in the same transaction as the event append, so the unique keys make
-- duplicate codes impossible even under concurrent requests (DESIGN.md non-negotiable 3).
CREATE TABLE group_code (
    pool_id  VARCHAR(64) NOT NULL,
    code     VARCHAR(64) NOT NULL,
    group_id VARCHAR(32) NOT NULL UNIQUE,
    PRIMARY KEY (pool_id, code)
);

-- Membership facts live here, not in the group aggregate: a group with a million members accepts a
-- membership command as fast as an empty one (non-negotiable 4).
CREATE TABLE group_membership (
    pool_id  VARCHAR(64) NOT NULL,
    group_id VARCHAR(32) NOT NULL,
    user_id  VARCHAR(32) NOT NULL,
    PRIMARY KEY (group_id, user_id)
);
CREATE INDEX group_membership_by_user ON group_membership (pool_id, user_id);

-- Live users of each pool; membership commands lock these rows so a user cannot be deleted while
-- being added to a group.
CREATE TABLE user_account (
    pool_id VARCHAR(64) NOT NULL,
    user_id VARCHAR(32) NOT NULL,
    PRIMARY KEY (pool_id, user_id)
);

-- username / email (lower-cased) / phone / externalId are unique per pool.
CREATE TABLE user_key (
    pool_id VARCHAR(64)   NOT NULL,
    kind    VARCHAR(16)   NOT NULL,
    value   VARCHAR(1024) NOT NULL,
    user_id VARCHAR(32)   NOT NULL,
    PRIMARY KEY (pool_id, kind, value)
);
CREATE INDEX user_key_by_user ON user_key (user_id);

-- Signature nonces seen in the last minutes (replay protection shared by all command-side instances).
CREATE TABLE request_nonce (
    pool_id VARCHAR(64)  NOT NULL,
    nonce   VARCHAR(128) NOT NULL,
    forget_after TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (pool_id, nonce)
);
CREATE INDEX request_nonce_by_expiry ON request_nonce (forget_after);
