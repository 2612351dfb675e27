-- A failed OAuth connect keeps its stable reason code, so the settings page words it in the reader's language after a
-- reload too (the message column stays English, for logs and API clients).
ALTER TABLE oauth_attempts ADD COLUMN reason text;
