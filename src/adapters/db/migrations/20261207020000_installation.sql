-- One row per database: a value encrypted with the master key at first start. An instance whose key cannot decrypt
-- it would not be able to read any stored credential either, so it refuses to start instead of failing later.
CREATE TABLE installation (
  id boolean PRIMARY KEY DEFAULT true CHECK (id),
  key_check text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now()
);
