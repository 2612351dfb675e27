-- Users through their whole life: deactivated (sessions end, login refused), domains given one by one or all (also
-- future ones), a temporary password from an administrator that must be changed at first login.
ALTER TABLE users
  ADD COLUMN active boolean NOT NULL DEFAULT true,
  ADD COLUMN all_domains boolean NOT NULL DEFAULT false,
  ADD COLUMN must_change_password boolean NOT NULL DEFAULT false,
  ADD COLUMN temporary_password_expires_at timestamptz;

-- An id to show and end one session by (the token hash stays private), and what browser opened it.
ALTER TABLE sessions
  ADD COLUMN id uuid NOT NULL DEFAULT gen_random_uuid(),
  ADD COLUMN user_agent text;
CREATE UNIQUE INDEX sessions_id ON sessions (id);

-- A deleted user's audit rows keep who it was (actor_user_id becomes NULL with the user).
ALTER TABLE audit_log
  ADD COLUMN actor_name text,
  ADD COLUMN actor_email text;
