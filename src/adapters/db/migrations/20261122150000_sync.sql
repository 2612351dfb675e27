-- CRM → Yuki sync: connections, portal policy, mirrored CRM organisations, administration links with the values last
-- synchronised, field changes with their state machine, rejections, audit, and Yuki quota accounting.

ALTER TABLE portals ADD COLUMN approval_policy text NOT NULL DEFAULT 'all'
  CHECK (approval_policy IN ('all', 'legal_vat', 'none'));

-- One row per connection of a portal to an external system. Credentials are a SecretBox ciphertext, deleted on
-- disconnect; the row itself stays so history and audit keep their reference.
CREATE TABLE connections (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  portal_id uuid NOT NULL REFERENCES portals (id) ON DELETE CASCADE,
  role text NOT NULL CHECK (role IN ('crm', 'portal_target', 'callerid_source')),
  system text NOT NULL,
  status text NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'needs_reconnect', 'disconnected')),
  base_url text,
  credentials_enc text,
  poll_interval_seconds integer NOT NULL DEFAULT 300 CHECK (poll_interval_seconds BETWEEN 30 AND 86400),
  cursor text,
  last_run_at timestamptz,
  last_success_at timestamptz,
  next_run_at timestamptz,
  last_reconcile_at timestamptz,
  last_error text,
  last_error_at timestamptz,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  disconnected_at timestamptz
);
CREATE UNIQUE INDEX connections_one_live_per_role ON connections (portal_id, role, system) WHERE status <> 'disconnected';

-- The CRM's organisations as last read (values as typed), for link suggestions, dry runs and change detection.
CREATE TABLE crm_organizations (
  connection_id uuid NOT NULL REFERENCES connections (id) ON DELETE CASCADE,
  external_id text NOT NULL,
  name text,
  kvk text,
  vat text,
  field_values jsonb NOT NULL,
  source_updated_at text,
  deep_link text,
  deleted boolean NOT NULL DEFAULT false,
  seen_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (connection_id, external_id)
);
CREATE INDEX crm_organizations_kvk ON crm_organizations (connection_id, kvk) WHERE kvk IS NOT NULL;
CREATE INDEX crm_organizations_vat ON crm_organizations (connection_id, vat) WHERE vat IS NOT NULL;

-- A Yuki administration explicitly connected to one CRM organisation. `baseline` holds the normalised value of every
-- field as last synchronised (or found in the portal at link time): a change is a difference from it.
CREATE TABLE administration_links (
  administration_id uuid PRIMARY KEY REFERENCES administrations (id) ON DELETE CASCADE,
  connection_id uuid NOT NULL REFERENCES connections (id),
  crm_external_id text NOT NULL,
  mode text NOT NULL CHECK (mode IN ('automatic', 'manual')),
  baseline jsonb NOT NULL,
  source_status text NOT NULL DEFAULT 'ok' CHECK (source_status IN ('ok', 'deleted', 'merged')),
  linked_by uuid REFERENCES users (id) ON DELETE SET NULL,
  linked_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (connection_id, crm_external_id, administration_id)
);
CREATE INDEX administration_links_source ON administration_links (connection_id, crm_external_id);

-- One row per field change. At most one open change per administration and field.
CREATE TABLE sync_changes (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  administration_id uuid NOT NULL REFERENCES administrations (id) ON DELETE CASCADE,
  field text NOT NULL,
  state text NOT NULL CHECK (state IN ('pending', 'approved', 'applied', 'rejected', 'conflict', 'failed', 'superseded')),
  old_value text,
  new_value text,
  raw_value text,
  invalid_reason text,
  portal_value text,
  history jsonb NOT NULL DEFAULT '[]'::jsonb,
  source_external_id text NOT NULL,
  priority text NOT NULL DEFAULT 'low' CHECK (priority IN ('high', 'low')),
  attempts integer NOT NULL DEFAULT 0,
  next_attempt_at timestamptz,
  last_error text,
  detected_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  decided_by uuid REFERENCES users (id) ON DELETE SET NULL,
  decided_at timestamptz,
  decision_reason text,
  applied_at timestamptz
);
CREATE UNIQUE INDEX sync_changes_one_open ON sync_changes (administration_id, field)
  WHERE state IN ('pending', 'approved', 'conflict', 'failed');
CREATE INDEX sync_changes_state ON sync_changes (state, next_attempt_at);

-- The value a person rejected per field: not proposed again while the CRM keeps it.
CREATE TABLE field_rejections (
  administration_id uuid NOT NULL REFERENCES administrations (id) ON DELETE CASCADE,
  field text NOT NULL,
  value text,
  rejected_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (administration_id, field)
);

-- Everything that happened, per field where it concerns a field: who (null = crmhub itself), when, why.
CREATE TABLE audit_log (
  id bigserial PRIMARY KEY,
  portal_id uuid NOT NULL REFERENCES portals (id) ON DELETE CASCADE,
  at timestamptz NOT NULL DEFAULT now(),
  actor_user_id uuid REFERENCES users (id) ON DELETE SET NULL,
  action text NOT NULL,
  administration_id uuid REFERENCES administrations (id) ON DELETE SET NULL,
  change_id uuid,
  field text,
  old_value text,
  new_value text,
  reason text,
  details jsonb NOT NULL DEFAULT '{}'::jsonb
);
CREATE INDEX audit_log_portal_at ON audit_log (portal_id, at DESC);
CREATE INDEX audit_log_administration ON audit_log (administration_id, at DESC);

-- Daily call quotas of external systems (Yuki: per domain, Europe/Amsterdam day), shared by every crmhub instance.
CREATE TABLE quota_usage (
  system text NOT NULL,
  scope text NOT NULL,
  day text NOT NULL,
  used integer NOT NULL DEFAULT 0,
  exhausted boolean NOT NULL DEFAULT false,
  PRIMARY KEY (system, scope, day)
);
