-- Clears are safe (product decision 2): an empty CRM value is a change only for a field the CRM held a value for
-- since the link. `crm_held` lists those fields as of the CRM's last read; audit reasons become stable codes.

ALTER TABLE administration_links ADD COLUMN crm_held jsonb NOT NULL DEFAULT '[]'::jsonb;

-- Existing links: the fields their CRM organisation holds a value for now (from the mirror of the last read).
UPDATE administration_links l
SET crm_held = COALESCE(
  (SELECT jsonb_agg(f.key ORDER BY f.key)
   FROM crm_organizations o, jsonb_each_text(o.field_values) f
   WHERE o.connection_id = l.connection_id AND o.external_id = l.crm_external_id AND btrim(f.value) <> ''),
  '[]'::jsonb);

-- A reason the UI words (code plus parameters) next to the free text a person typed.
ALTER TABLE audit_log ADD COLUMN reason_code text;
ALTER TABLE audit_log ADD COLUMN reason_params jsonb NOT NULL DEFAULT '{}'::jsonb;
