-- File import (docs/intake-files.md): the column mapping each intake source saved at its first upload, used for every
-- later upload and for the watched folder. `mapping` is { "<header>": "<target>" | "ignore" }.
CREATE TABLE intake_mappings (
  connection_id uuid PRIMARY KEY REFERENCES connections (id) ON DELETE CASCADE,
  mapping jsonb NOT NULL,
  preset text,
  updated_at timestamptz NOT NULL
);

-- The watched folder's last word per source (CRMHUB_INTAKE_DIR/<source id>/): which file, and how it went
-- ('imported', 'rejected', or 'mapping_missing' when the file waits for a mapping to be saved).
CREATE TABLE intake_folder_status (
  connection_id uuid PRIMARY KEY REFERENCES connections (id) ON DELETE CASCADE,
  state text NOT NULL CHECK (state IN ('imported', 'rejected', 'mapping_missing')),
  file_name text NOT NULL,
  detail jsonb NOT NULL,
  at timestamptz NOT NULL
);
