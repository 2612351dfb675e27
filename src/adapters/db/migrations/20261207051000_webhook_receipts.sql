-- Signed CRM webhooks seen recently, by a hash of the exact body: Simplicate's signature carries no timestamp, so a
-- retried or replayed body is told apart only by being identical (issue 10, external-apis §10.2). Kept in PostgreSQL
-- so every crmhub instance behind the load balancer counts a body once.
CREATE TABLE webhook_receipts (
  connection_id uuid NOT NULL REFERENCES connections (id) ON DELETE CASCADE,
  body_sha256 text NOT NULL,
  received_at timestamptz NOT NULL,
  PRIMARY KEY (connection_id, body_sha256)
);
CREATE INDEX webhook_receipts_received_at ON webhook_receipts (connection_id, received_at);
