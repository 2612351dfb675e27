-- Issue 13 points 4 and 5: one phone field may hold two numbers (`020-1234567 / 06-12345678`), so the number joins
-- the index key; and every stored value the index cannot read is kept per source (record, field, raw value, why) for
-- the status page until a re-index finds it fixed (same generation mark-and-sweep as phone_index).
ALTER TABLE phone_index DROP CONSTRAINT phone_index_pkey;
ALTER TABLE phone_index ADD PRIMARY KEY (connection_id, record_kind, record_id, field, e164);

CREATE TABLE phone_index_skips (
  connection_id uuid NOT NULL REFERENCES connections (id) ON DELETE CASCADE,
  record_kind text NOT NULL,
  record_id text NOT NULL,
  field text NOT NULL,
  raw text NOT NULL,
  reason text NOT NULL,
  name text NOT NULL,
  company_id text,
  deep_link text,
  generation bigint NOT NULL DEFAULT 0,
  PRIMARY KEY (connection_id, record_kind, record_id, field)
);
CREATE INDEX phone_index_skips_company ON phone_index_skips (connection_id, company_id);
