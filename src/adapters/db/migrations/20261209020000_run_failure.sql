-- Why the last run or write failed, as codes the UI words in the reader's language and the other system's own words
-- (core/connector.ts RunFailure); last_error stays crmhub's English account, for logs and API clients. A failure
-- recorded before this column is known only as `unknown` until the next run.
ALTER TABLE connections ADD COLUMN last_failure jsonb;
ALTER TABLE phone_index_sources ADD COLUMN last_failure jsonb;
ALTER TABLE sync_changes ADD COLUMN last_failure jsonb;
UPDATE connections SET last_failure = '{"code": "unknown"}' WHERE last_error IS NOT NULL;
UPDATE phone_index_sources SET last_failure = '{"code": "unknown"}' WHERE last_error IS NOT NULL;
UPDATE sync_changes SET last_failure = '{"code": "unknown"}' WHERE last_error IS NOT NULL;
