-- The portal domains whose contacts caller ID indexes (product decision 4: none by default; a client domain's own
-- customers and suppliers are not the firm's relations). Domains are named by their Yuki GUID.
CREATE TABLE callerid_contact_domains (
  connection_id uuid NOT NULL REFERENCES connections (id) ON DELETE CASCADE,
  domain_external_id text NOT NULL,
  selected_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (connection_id, domain_external_id)
);
