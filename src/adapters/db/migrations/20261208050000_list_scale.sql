-- Lists at a firm's scale (issue 15): the administrations list pages and filters on the server, "with a suggestion"
-- included, so an administration's KvK and VAT numbers are kept in the canonical form CRM organisations are stored
-- with. The two functions are src/core/identifiers/kvk.ts and vat.ts in SQL (validateKvk, validateVat: the canonical
-- value, or null when invalid); test/int/list-scale.int.test.ts checks that both agree on generated input.

CREATE FUNCTION crmhub_kvk_key(input text) RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT CASE WHEN c ~ '^[0-9]{8}$' AND c <> '00000000' THEN c END
  FROM (SELECT regexp_replace(input, '[\t\n\v\f\r \u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000\ufeff.-]', '', 'g') AS c) AS compact
$$;

CREATE FUNCTION crmhub_vat_key(input text) RETURNS text
LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE AS $$
DECLARE
  c text := upper(regexp_replace(input, '[\t\n\v\f\r \u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000\ufeff.-]', '', 'g'));
  d text;
  total int := 0;
  rem int := 0;
  ch text;
BEGIN
  IF c IS NULL THEN RETURN NULL; END IF;
  IF c ~ '^[0-9]{9}B[0-9]{2}$' THEN c := 'NL' || c; END IF;
  IF c !~ '^NL[0-9]{9}B[0-9]{2}$' THEN RETURN NULL; END IF;
  d := substr(c, 3, 9);
  IF d ~ '^0+$' THEN RETURN NULL; END IF;
  -- Mod 11 (legal entities): weights 9..2 on the first 8 digits, the 9th is the remainder.
  FOR i IN 1..8 LOOP total := total + substr(d, i, 1)::int * (10 - i); END LOOP;
  IF total % 11 = substr(d, 9, 1)::int THEN RETURN c; END IF;
  -- Mod 97-10 (sole proprietors since 2020) over NL (2321) + digits + B (11) + suffix; valid when the remainder is 1.
  FOREACH ch IN ARRAY regexp_split_to_array('2321' || d || '11' || substr(c, 13, 2), '') LOOP
    rem := (rem * 10 + ch::int) % 97;
  END LOOP;
  IF rem = 1 THEN RETURN c; END IF;
  RETURN NULL;
END
$$;

ALTER TABLE administrations
  ADD COLUMN kvk_key text GENERATED ALWAYS AS (crmhub_kvk_key(profile ->> 'kvk')) STORED,
  ADD COLUMN vat_key text GENERATED ALWAYS AS (crmhub_vat_key(profile ->> 'vat')) STORED;
CREATE INDEX administrations_kvk_key ON administrations (kvk_key) WHERE kvk_key IS NOT NULL;
CREATE INDEX administrations_vat_key ON administrations (vat_key) WHERE vat_key IS NOT NULL;

-- The review queue and the per-administration counts read only the changes waiting for a person.
CREATE INDEX sync_changes_reviewable ON sync_changes (administration_id, detected_at)
  WHERE state IN ('pending', 'conflict', 'failed');
