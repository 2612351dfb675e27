-- Bulk linking (issue 15 point 3): a run links many administrations, each to its one suggested CRM organisation, in
-- a background job. Each item becomes `linked` in the same transaction as its link, so a restarted job neither links
-- an administration twice nor loses one; `skipped` items say why (a failure code).
CREATE TABLE bulk_link_runs (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  portal_id uuid NOT NULL REFERENCES portals (id) ON DELETE CASCADE,
  requested_by uuid REFERENCES users (id) ON DELETE SET NULL,
  mode text NOT NULL CHECK (mode IN ('automatic', 'manual')),
  created_at timestamptz NOT NULL DEFAULT now(),
  finished_at timestamptz
);
CREATE INDEX bulk_link_runs_unfinished ON bulk_link_runs (created_at) WHERE finished_at IS NULL;

CREATE TABLE bulk_link_items (
  run_id uuid NOT NULL REFERENCES bulk_link_runs (id) ON DELETE CASCADE,
  administration_id uuid NOT NULL REFERENCES administrations (id) ON DELETE CASCADE,
  crm_external_id text NOT NULL,
  state text NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'linked', 'skipped')),
  reason text,
  PRIMARY KEY (run_id, administration_id)
);
CREATE INDEX bulk_link_items_pending ON bulk_link_items (run_id) WHERE state = 'pending';
