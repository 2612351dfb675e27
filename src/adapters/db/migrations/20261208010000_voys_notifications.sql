-- Voys / VoIPGRID call notifications: a call source of their own, and per phone system an optional list of sender
-- addresses (IP addresses or CIDR ranges) its unsigned notifications may come from (empty: any address).
ALTER TABLE calls DROP CONSTRAINT calls_source_check;
ALTER TABLE calls ADD CONSTRAINT calls_source_check CHECK (source IN ('json', 'url_template', '3cx', 'voys'));
ALTER TABLE pbx_integrations ADD COLUMN allowed_senders text[] NOT NULL DEFAULT '{}';
