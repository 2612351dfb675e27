/** Simplicate reads the connector is built from: paged listing, persons by id, organisations with their persons. */
import { err, ok } from '../../core/result.js';
import { parseOrganization, parsePerson } from './mapper.js';
import { toSimplicateTime } from './time.js';

import type { ConnectorError, Cursor, IncrementalMode } from '../../core/connector.js';
import type { Result } from '../../core/result.js';
import type { ListPage, SimplicateClient, SimplicateResource } from './client.js';
import type { SimplicateOrganization, SimplicatePerson } from './mapper.js';

// Person ids per `q[id][]` lookup: keeps the URL well under common 8 KB limits.
const PERSON_CHUNK = 50;

export type PagedReader = {
  readonly client: SimplicateClient;
  readonly timeZone: string;
  readonly pageSize: number;
  /** `full_scan`: the server ignores `q[updated_at][ge]` (checked at connect), so the cursor is not sent. */
  readonly incremental: IncrementalMode;
};

/** A far-future moment: a server that honours `q[updated_at][ge]` returns no rows for it. */
const FAR_FUTURE = '2999-12-31 00:00:00';

/**
 * Whether `q[updated_at][ge]` really filters (docs/external-systems/simplicate.md#filters: no public example shows it):
 * a far-future value must return 0 rows. A 400 for the filter counts as not filtering.
 */
export async function probeUpdatedAtFilter(client: SimplicateClient): Promise<Result<IncrementalMode, ConnectorError>> {
  const probe = await client.list('crm/organization', {
    limit: 1,
    select: 'id',
    filters: [['q[updated_at][ge]', FAR_FUTURE]],
  });
  if (!probe.ok) return probe.error.code === 'rejected' ? ok('full_scan') : probe;
  return ok(probe.value.data.length === 0 ? 'filter' : 'full_scan');
}

/** The modified-since filter of a cursor; an error when its timestamp cannot be read. */
function cursorFilters(reader: PagedReader, cursor: Cursor | null): Result<[string, string][], ConnectorError> {
  const { timeZone } = reader;
  if (cursor?.modifiedSince == null || reader.incremental === 'full_scan') return ok([]);
  const since = toSimplicateTime(cursor.modifiedSince, timeZone);
  if (since === null) {
    return err({ code: 'rejected', message: `Cursor modifiedSince "${cursor.modifiedSince}" is not a timestamp` });
  }
  // [I] docs/external-systems/simplicate.md#filters: modified-since = q[updated_at][ge].
  return ok([['q[updated_at][ge]', since]]);
}

/** Streams raw records of a resource page by page until metadata.count (or a short page) says it is done. */
export async function* pages(
  reader: PagedReader,
  resource: SimplicateResource,
  cursor: Cursor | null,
): AsyncGenerator<Result<readonly unknown[], ConnectorError>> {
  const filters = cursorFilters(reader, cursor);
  if (!filters.ok) {
    yield filters;
    return;
  }
  const { client, pageSize } = reader;
  const fetchPage = (offset: number): Promise<Result<ListPage, ConnectorError>> =>
    client.list(resource, { offset, limit: pageSize, metadata: 'count', filters: filters.value });
  let offset = 0;
  let next = fetchPage(offset);
  for (;;) {
    const page = await next;
    if (!page.ok) {
      yield page;
      return;
    }
    const { data, count } = page.value;
    offset += data.length;
    const done = data.length === 0 || (count !== null ? offset >= count : data.length < pageSize);
    // Read one page ahead: the next page travels while the caller works on this one (same requests, one more page
    // in memory at most).
    if (!done) next = fetchPage(offset);
    yield ok(data);
    if (done) return;
  }
}

/** Reads the persons behind contact links (name parts live on the person). */
async function personsById(
  client: SimplicateClient,
  ids: readonly string[],
): Promise<Result<Map<string, SimplicatePerson>, ConnectorError>> {
  const out = new Map<string, SimplicatePerson>();
  const unique = [...new Set(ids)];
  for (let i = 0; i < unique.length; i += PERSON_CHUNK) {
    const chunk = unique.slice(i, i + PERSON_CHUNK);
    const res = await client.list('crm/person', {
      limit: 100,
      filters: chunk.map((id) => ['q[id][]', id] as const),
    });
    if (!res.ok) return res;
    for (const raw of res.value.data) {
      const person = parsePerson(raw);
      if (person.ok) out.set(person.value.id, person.value);
    }
  }
  return ok(out);
}

export type OrganizationsWithPersons = {
  readonly orgs: SimplicateOrganization[];
  readonly persons: Map<string, SimplicatePerson>;
};

/** Parses organisations and reads their linked persons: all links, or only the first active one per organisation. */
export async function organizationsWithPersons(
  client: SimplicateClient,
  raws: readonly unknown[],
  allLinks: boolean,
): Promise<Result<OrganizationsWithPersons, ConnectorError>> {
  const orgs: SimplicateOrganization[] = [];
  for (const raw of raws) {
    const org = parseOrganization(raw);
    if (!org.ok) return org;
    orgs.push(org.value);
  }
  const ids = orgs.flatMap((o) => {
    const links = o.linked_persons_contacts ?? [];
    const wanted = allLinks ? links : links.filter((l) => l.is_active !== false).slice(0, 1);
    return (wanted.length > 0 ? wanted : links.slice(0, 1)).map((l) => l.person_id);
  });
  const persons = await personsById(client, ids);
  return persons.ok ? ok({ orgs, persons: persons.value }) : persons;
}
