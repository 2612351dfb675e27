-- Yuki write modes (product decision 1): the portal administrator chooses how approved changes reach Yuki.
-- 'assisted' (default) turns each into an "apply in Yuki" task for a person; 'automatic' uses the unpublished
-- company-update call of the Yuki Platform API.
ALTER TABLE portals ADD COLUMN write_mode text NOT NULL DEFAULT 'assisted' CHECK (write_mode IN ('assisted', 'automatic'));

-- One "apply in Yuki" task per change (creating it again is a no-op). `verifiable` says whether a documented read
-- (SOAP Administrations) shows the field: those close when Yuki shows the value, the others when a person marks them done.
CREATE TABLE yuki_tasks (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  change_id uuid NOT NULL UNIQUE REFERENCES sync_changes (id) ON DELETE CASCADE,
  administration_id uuid NOT NULL REFERENCES administrations (id) ON DELETE CASCADE,
  field text NOT NULL,
  old_value text,
  new_value text,
  verifiable boolean NOT NULL,
  state text NOT NULL DEFAULT 'open' CHECK (state IN ('open', 'mismatch', 'verified', 'done', 'withdrawn')),
  portal_value text,
  created_at timestamptz NOT NULL DEFAULT now(),
  checked_at timestamptz,
  closed_at timestamptz,
  closed_by uuid REFERENCES users (id) ON DELETE SET NULL
);
CREATE INDEX yuki_tasks_open ON yuki_tasks (administration_id) WHERE state IN ('open', 'mismatch');
