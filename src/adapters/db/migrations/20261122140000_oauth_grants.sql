-- OAuth grants of connections (AccountView): tokens encrypted with the secret box; the row is locked FOR UPDATE
-- while a refresh runs, so a rotating refresh token is spent exactly once across crmhub instances.
CREATE TABLE oauth_grants (
  grant_id text PRIMARY KEY,
  access_token_enc text NOT NULL,
  refresh_token_enc text,
  token_type text NOT NULL,
  scope text,
  expires_at timestamptz,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
