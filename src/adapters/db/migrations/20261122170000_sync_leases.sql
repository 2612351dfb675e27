-- Who runs a CRM sync of a connection right now (one incremental and one full at a time). The holder renews its lease
-- while it works, so a worker that dies mid-run frees the connection within one lease period instead of holding it
-- until the job queue expires the job.
CREATE TABLE sync_leases (
  connection_id uuid NOT NULL REFERENCES connections (id) ON DELETE CASCADE,
  kind text NOT NULL CHECK (kind IN ('incremental', 'full')),
  holder text NOT NULL,
  until timestamptz NOT NULL,
  PRIMARY KEY (connection_id, kind)
);
