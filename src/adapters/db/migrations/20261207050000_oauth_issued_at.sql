-- When an access token was issued, so tokens are refreshed at a share of the lifetime actually granted (issue 10,
-- external-apis §10.3) instead of a fixed window that refreshes short-lived tokens on every call.
ALTER TABLE oauth_grants ADD COLUMN issued_at timestamptz;
