-- Login limits as counters that one upsert bumps, so concurrent attempts cannot slip past a limit and every instance
-- sees the same counts. Keys: `address:<ip>` (attempts from one address) and `account:<email>|<ip>` (failed
-- attempts at one account from one address: reaching that limit never locks the real user out from elsewhere).
CREATE TABLE login_throttle (
  key text PRIMARY KEY,
  attempts integer NOT NULL,
  window_started_at timestamptz NOT NULL
);
CREATE INDEX login_throttle_window ON login_throttle (window_started_at);

-- The per-account lockout these columns kept let anyone lock any known account from anywhere.
ALTER TABLE users DROP COLUMN failed_logins, DROP COLUMN locked_until;
