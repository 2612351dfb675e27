-- Single sign-on per portal (OpenID Connect): off until a portal administrator turns it on. The client secret is
-- encrypted with the secret box. Sign-in attempts (state, PKCE verifier, nonce) reuse oauth_attempts (system 'sso').
CREATE TABLE portal_sso (
  portal_id uuid PRIMARY KEY REFERENCES portals (id) ON DELETE CASCADE,
  enabled boolean NOT NULL DEFAULT false,
  provider text NOT NULL CHECK (provider IN ('microsoft', 'google', 'oidc')),
  tenant_id text,
  issuer_url text,
  client_id text NOT NULL,
  client_secret_enc text NOT NULL,
  allow_password_login boolean NOT NULL DEFAULT true,
  updated_at timestamptz NOT NULL DEFAULT now(),
  updated_by uuid REFERENCES users (id) ON DELETE SET NULL
);
