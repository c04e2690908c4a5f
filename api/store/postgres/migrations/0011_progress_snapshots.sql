-- Each organization's progress board as it stood on one day
-- (store.ProgressSnapshot); products holds the per-product counts.
CREATE TABLE progress_snapshots (
    org_id   text COLLATE "C" NOT NULL,
    day      text COLLATE "C" NOT NULL,
    members  integer NOT NULL,
    two_step integer NOT NULL,
    products jsonb NOT NULL,
    PRIMARY KEY (org_id, day)
);
