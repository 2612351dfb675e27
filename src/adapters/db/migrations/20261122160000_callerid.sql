-- Caller ID: OAuth connect attempts, the phone index, assignments of sources to users, users' extensions, PBX
-- integrations, the call log and the per-user pop-up event stream.

-- One started OAuth connect. Only a hash of `state` is kept (single use, expiring); the typed settings and the PKCE
-- verifier are encrypted until the callback spends them. The outcome stays for the settings page to show.
CREATE TABLE oauth_attempts (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  portal_id uuid NOT NULL REFERENCES portals (id) ON DELETE CASCADE,
  system text NOT NULL,
  state_hash text NOT NULL UNIQUE,
  payload_enc text,
  user_id uuid REFERENCES users (id) ON DELETE SET NULL,
  expires_at timestamptz NOT NULL,
  used_at timestamptz,
  outcome text CHECK (outcome IN ('connected', 'failed')),
  message text,
  field_errors jsonb,
  connection_id uuid REFERENCES connections (id) ON DELETE SET NULL,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX oauth_attempts_portal ON oauth_attempts (portal_id, system, created_at DESC);

-- Index bookkeeping per source connection (the sync keeps its own cursor in connections.cursor).
CREATE TABLE phone_index_sources (
  connection_id uuid PRIMARY KEY REFERENCES connections (id) ON DELETE CASCADE,
  cursor text,
  generation bigint NOT NULL DEFAULT 0,
  lease_until timestamptz,
  last_full_at timestamptz,
  last_incremental_at timestamptz,
  last_error text,
  last_error_at timestamptz
);

-- Every phone number of the connected systems, normalised to E.164, with what a pop-up shows. `tail` (last 9 digits)
-- and `reversed` (digits reversed) are the lookup keys of core/phone/match.ts: a lookup is one indexed query.
-- A full reload stamps every row it sees with a new `generation` and then deletes the older ones (mark and sweep).
CREATE TABLE phone_index (
  connection_id uuid NOT NULL REFERENCES connections (id) ON DELETE CASCADE,
  record_kind text NOT NULL,
  record_id text NOT NULL,
  field text NOT NULL,
  source text NOT NULL,
  e164 text NOT NULL,
  tail text NOT NULL,
  reversed text NOT NULL,
  raw text NOT NULL,
  extension text,
  mobile boolean NOT NULL DEFAULT false,
  personal boolean NOT NULL,
  name text NOT NULL,
  company text,
  company_id text,
  kvk text,
  relation_number text,
  deep_link text,
  source_updated_at text,
  generation bigint NOT NULL DEFAULT 0,
  PRIMARY KEY (connection_id, record_kind, record_id, field)
);
CREATE INDEX phone_index_tail ON phone_index (tail);
CREATE INDEX phone_index_reversed ON phone_index (reversed text_pattern_ops);
CREATE INDEX phone_index_company ON phone_index (connection_id, company_id);

-- Which users get pop-ups from which source connection (AccountView, CRM, Yuki).
CREATE TABLE callerid_assignments (
  connection_id uuid NOT NULL REFERENCES connections (id) ON DELETE CASCADE,
  user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  assigned_by uuid REFERENCES users (id) ON DELETE SET NULL,
  assigned_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (connection_id, user_id)
);
CREATE INDEX callerid_assignments_user ON callerid_assignments (user_id);

-- A user's internal extensions (digits) and direct numbers (E.164): a call to one of them rings that user.
CREATE TABLE user_phones (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  kind text NOT NULL CHECK (kind IN ('extension', 'number')),
  value text NOT NULL,
  raw text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (user_id, kind, value)
);
CREATE INDEX user_phones_value ON user_phones (kind, value);

-- A phone system that reports calls. The URL/3CX token is stored hashed; the webhook secret must be readable to check
-- HMACs, so it is encrypted. Revoked integrations keep their row so the call log keeps its reference.
CREATE TABLE pbx_integrations (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  portal_id uuid NOT NULL REFERENCES portals (id) ON DELETE CASCADE,
  name text NOT NULL,
  token_hash text UNIQUE,
  webhook_secret_enc text,
  created_at timestamptz NOT NULL DEFAULT now(),
  rotated_at timestamptz,
  revoked_at timestamptz,
  last_event_at timestamptz
);

-- One row per call (per PBX integration and PBX call id); later states update it. `state_rank` only grows.
CREATE TABLE calls (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  portal_id uuid NOT NULL REFERENCES portals (id) ON DELETE CASCADE,
  pbx_integration_id uuid NOT NULL REFERENCES pbx_integrations (id) ON DELETE CASCADE,
  call_id text NOT NULL,
  source text NOT NULL CHECK (source IN ('json', 'url_template', '3cx')),
  direction text NOT NULL CHECK (direction IN ('in', 'out')),
  state text NOT NULL CHECK (state IN ('ringing', 'answered', 'ended')),
  state_rank smallint NOT NULL,
  external_raw text NOT NULL,
  external_e164 text,
  callee_raw text NOT NULL,
  extension text,
  result text NOT NULL,
  ambiguous boolean NOT NULL DEFAULT false,
  best_kind text,
  match_count integer NOT NULL DEFAULT 0,
  best_name text,
  best_company text,
  best_source text,
  matches jsonb NOT NULL DEFAULT '[]'::jsonb,
  started_at timestamptz NOT NULL,
  answered_at timestamptz,
  ended_at timestamptz,
  updated_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (pbx_integration_id, call_id)
);
CREATE INDEX calls_portal_started ON calls (portal_id, started_at DESC);
CREATE INDEX calls_started ON calls (started_at);

-- Who got a pop-up for a call, and what they saw (matches of their assigned sources only).
CREATE TABLE call_recipients (
  call_pk uuid NOT NULL REFERENCES calls (id) ON DELETE CASCADE,
  user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  started_at timestamptz NOT NULL,
  result text NOT NULL,
  match_count integer NOT NULL,
  best_name text,
  best_company text,
  PRIMARY KEY (call_pk, user_id)
);
CREATE INDEX call_recipients_user ON call_recipients (user_id, started_at DESC);

-- Pop-up events per user, numbered by a per-user sequence. The sequence row is locked while an event is written, so
-- events become visible in sequence order and a reconnecting stream (Last-Event-ID) never skips one.
CREATE TABLE callerid_streams (
  user_id uuid PRIMARY KEY REFERENCES users (id) ON DELETE CASCADE,
  last_seq bigint NOT NULL
);
CREATE TABLE callerid_events (
  user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  seq bigint NOT NULL,
  call_pk uuid REFERENCES calls (id) ON DELETE CASCADE,
  kind text NOT NULL,
  payload jsonb NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (user_id, seq)
);
CREATE INDEX callerid_events_created ON callerid_events (created_at);
