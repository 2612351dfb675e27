-- Issue 10 "Bad input and failure": a failed or deferred change keeps, next to the system's own words (last_error), a
-- stable code for what a person must do (reconnect Visma Connect, give the grant its scopes, wait for tomorrow's
-- quota, reconnect the portal), which the review queue words in Dutch and English (docs/errors.md#change-failures).
ALTER TABLE sync_changes ADD COLUMN last_error_code text;
