-- Intake (docs/intake.md): CRMs that push records or export files. An intake source is a CRM connection (role 'crm')
-- with issued credentials; its records' last known state is kept whole so each batch is compared with it.

CREATE TABLE intake_sources (
  connection_id uuid PRIMARY KEY REFERENCES connections (id) ON DELETE CASCADE,
  portal_id uuid NOT NULL REFERENCES portals (id) ON DELETE CASCADE,
  name text NOT NULL,
  -- SHA-256 of the API key (lookup) and of the API secret (key+secret requests); the secret also sealed with the
  -- secret box, because an HMAC signature can only be checked with the key itself. NULL once removed.
  api_key_hash text UNIQUE,
  api_key_prefix text NOT NULL,
  secret_hash text,
  secret_enc text,
  created_at timestamptz NOT NULL DEFAULT now(),
  rotated_at timestamptz,
  last_batch_at timestamptz
);
CREATE INDEX intake_sources_portal ON intake_sources (portal_id);

-- The last record received per external id, as normalised (src/core/intake/record.ts). `changed_at` is crmhub's
-- time of the last real change: the cursor of incremental caller-ID index runs.
CREATE TABLE intake_records (
  connection_id uuid NOT NULL REFERENCES connections (id) ON DELETE CASCADE,
  external_id text NOT NULL,
  record jsonb NOT NULL,
  changed_at timestamptz NOT NULL,
  PRIMARY KEY (connection_id, external_id)
);
CREATE INDEX intake_records_changed ON intake_records (connection_id, changed_at);

-- Idempotency keys of push requests: a repeated key gets the first answer. Kept 24 hours.
CREATE TABLE intake_requests (
  connection_id uuid NOT NULL REFERENCES connections (id) ON DELETE CASCADE,
  idempotency_key text NOT NULL,
  body_sha256 text NOT NULL,
  response jsonb NOT NULL,
  created_at timestamptz NOT NULL,
  PRIMARY KEY (connection_id, idempotency_key)
);
CREATE INDEX intake_requests_created ON intake_requests (connection_id, created_at);

-- Signatures already accepted within the timestamp window: a signed request is accepted once.
CREATE TABLE intake_signatures (
  connection_id uuid NOT NULL REFERENCES connections (id) ON DELETE CASCADE,
  signature text NOT NULL,
  seen_at timestamptz NOT NULL,
  PRIMARY KEY (connection_id, signature)
);

-- Requests per source per minute, shared by every crmhub instance.
CREATE TABLE intake_rate (
  connection_id uuid NOT NULL REFERENCES connections (id) ON DELETE CASCADE,
  window_start timestamptz NOT NULL,
  requests integer NOT NULL,
  PRIMARY KEY (connection_id, window_start)
);
