-- Product decision 2: linking proposed clearing every field the CRM did not hold (VAT and KvK numbers, postal
-- addresses). Those proposals, still open, are withdrawn (audited as withdrawn, reason code
-- `clear_withdrawn_by_upgrade`), as are clears the policy approved without a person; their "apply in Yuki" tasks
-- close. The CRM's current values became `crm_held` in the migration before, so they are not proposed again.
WITH withdrawn AS (
  UPDATE sync_changes
  SET state = 'superseded', updated_at = now()
  WHERE new_value IS NULL
    AND (state IN ('pending', 'conflict', 'failed') OR (state = 'approved' AND decided_by IS NULL))
  RETURNING id, administration_id, field, old_value
), closed_tasks AS (
  UPDATE yuki_tasks t
  SET state = 'withdrawn', closed_at = now()
  FROM withdrawn w
  WHERE t.change_id = w.id AND t.state IN ('open', 'mismatch')
  RETURNING t.id
)
INSERT INTO audit_log (portal_id, action, administration_id, change_id, field, old_value, new_value, reason_code, at)
SELECT d.portal_id, 'change_withdrawn', w.administration_id, w.id, w.field, w.old_value, NULL, 'clear_withdrawn_by_upgrade', now()
FROM withdrawn w
JOIN administrations a ON a.id = w.administration_id
JOIN domains d ON d.id = a.domain_id;
