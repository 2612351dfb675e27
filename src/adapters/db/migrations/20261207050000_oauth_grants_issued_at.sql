-- When a grant's access token was issued: the refresh-ahead window is a share of the lifetime actually granted
-- (Visma Connect: one hour), so it must be known after a restart. Null for tokens stored before this column.
ALTER TABLE oauth_grants ADD COLUMN issued_at timestamptz;
