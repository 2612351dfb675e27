-- File import (docs/intake-files.md): the column mapping each intake source saved at its first upload, used for every
-- later upload and for the watched folder. `mapping` is { "<header>": "<target>" | "ignore" }.
CREATE TABLE intake_mappings (
  connection_id uuid PRIMARY KEY REFERENCES connections (id) ON DELETE CASCADE,
  mapping jsonb NOT NULL,
  preset text,
  updated_at timestamptz NOT NULL
);
