-- One row per package, updated in place as the package moves: every movement is one change event.
-- Blocks of 50 ids per nextval: the producer takes ids for a whole batch in a few calls.
CREATE SEQUENCE package_status_seq START WITH 1 INCREMENT BY 50;

CREATE TABLE package_status (
    id              BIGINT       PRIMARY KEY DEFAULT nextval('package_status_seq'),
    tracking_code   VARCHAR(32)  NOT NULL,
    customer_id     INTEGER      NOT NULL CHECK (customer_id > 0),
    actual_address  VARCHAR(300) NOT NULL,
    next_address    VARCHAR(300),
    status          VARCHAR(32)  NOT NULL,
    updated_at      TIMESTAMPTZ  NOT NULL DEFAULT clock_timestamp(),
    version         BIGINT       NOT NULL DEFAULT 0,
    hops_remaining  SMALLINT     NOT NULL DEFAULT 0 CHECK (hops_remaining >= 0), -- In Transit hops still to go
    CONSTRAINT package_status_tracking_code_key UNIQUE (tracking_code),
    CONSTRAINT package_status_status_check
        CHECK (status IN ('Package Posted', 'In Transit', 'Out for Delivery', 'Package Delivered')),
    CONSTRAINT package_status_next_address_check
        CHECK ((status = 'Package Delivered') = (next_address IS NULL))
);

ALTER SEQUENCE package_status_seq OWNED BY package_status.id;

-- Picking in-flight packages to move must not scan delivered ones.
CREATE INDEX package_status_in_flight_idx ON package_status (updated_at)
    WHERE status <> 'Package Delivered';

-- Update and delete events carry the whole row before the change.
ALTER TABLE package_status REPLICA IDENTITY FULL;

-- Debezium streams exactly this table; created here (as a DBA would) so Connect needs no table ownership.
CREATE PUBLICATION package_status_publication FOR TABLE package_status;
