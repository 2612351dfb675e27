import { readFile } from 'node:fs/promises';
import Fastify from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { parseThreeCxLookupQuery } from './mapper.js';
import { janDeVriesContact } from './testing.js';
import { formatThreeCxNumber, parseThreeCxTemplate, resolveThreeCxPath, runThreeCxLookup } from './threecx-template.js';

import type { FastifyInstance } from 'fastify';
import type { ThreeCxLookupResponse } from './mapper.js';
import type { ThreeCxTemplate } from './threecx-template.js';

const TOKEN = 'tok-3cx-secret';
const KNOWN: ThreeCxLookupResponse = {
  contacts: [
    { ...janDeVriesContact, url: 'https://firma.simplicate.nl/crm/person/p-7' },
    {
      id: 'accountview:debtor:10042',
      first_name: '',
      last_name: 'Jansen Beheer B.V.',
      company: 'Jansen Beheer B.V.',
      email: '',
      phone_business: '+31201234567',
      phone_mobile: '',
      url: '',
      entity_type: 'Accounts',
    },
  ],
};

let server: FastifyInstance;
let serverUrl: string;
const seen: { number: string; rawUrl: string; authorization: string | undefined }[] = [];
const customSeen: { query: unknown; authorization: string | undefined }[] = [];

beforeAll(async () => {
  server = Fastify();
  // A canned stand-in for crmhub's lookup endpoint (the real one is built later), shaped as docs/external-systems/pbx.md#3cx-template [I] recommends.
  server.get('/api/callerid/3cx/lookup', async (request, reply) => {
    const number = parseThreeCxLookupQuery(request.query as Record<string, unknown>);
    seen.push({
      number: number.ok ? number.value : '',
      rawUrl: request.url,
      authorization: request.headers.authorization,
    });
    if (request.headers.authorization !== `Bearer ${TOKEN}`) return reply.code(401).send({ error: 'unauthorized' });
    if (!number.ok) return reply.code(400).send({ error: number.error.message });
    return number.value === '+31201234567' ? KNOWN : { contacts: [] };
  });
  server.get('/text', async (_request, reply) => reply.type('text/plain').send('hello'));
  server.get('/custom', (request) => {
    customSeen.push({ query: request.query, authorization: request.headers.authorization });
    return {
      users: [
        { id: 7, phone: '0201234567', name: 'A' },
        { id: 8, phone: '', name: '' },
      ],
    };
  });
  serverUrl = await server.listen({ port: 0, host: '127.0.0.1' });
});

afterAll(async () => {
  await server.close();
});

async function shipped(): Promise<ThreeCxTemplate> {
  const xml = await readFile(new URL('../../../integrations/3cx/crmhub.xml', import.meta.url), 'utf8');
  const parsed = parseThreeCxTemplate(xml);
  if (!parsed.ok) throw new Error(parsed.error.message);
  return parsed.value;
}

function inline(
  scenario: string,
  extra: { number?: string; parameters?: string; auth?: string } = {},
): ThreeCxTemplate {
  const xml = `<?xml version="1.0"?>
<Crm Country="NL" Name="t" Version="1">
  ${extra.number ?? '<Number Prefix="AsIs" MaxLength="" />'}
  <Connection MaxConcurrentRequests="2" />
  <Parameters>${extra.parameters ?? '<Parameter Name="Base" Type="String" Default="" />'}</Parameters>
  ${extra.auth ?? '<Authentication Type="No" />'}
  <Scenarios>${scenario}</Scenarios>
</Crm>`;
  const parsed = parseThreeCxTemplate(xml);
  if (!parsed.ok) throw new Error(parsed.error.message);
  return parsed.value;
}

describe('the shipped template integrations/3cx/crmhub.xml', () => {
  it('parses into the docs/external-systems/pbx.md#3cx-template structure', async () => {
    const t = await shipped();
    expect(t).toMatchObject({ name: 'crmhub', country: 'NL', number: { prefix: 'Plus', maxLength: '' } });
    expect(t.maxConcurrentRequests).toBeGreaterThan(0);
    expect(t.parameters.map((p) => [p.name, p.type])).toEqual([
      ['ServerUrl', 'String'],
      ['ApiToken', 'Password'],
    ]);
    const lookup = t.scenarios.find((s) => s.id === '');
    expect(lookup?.request.url).toBe('[ServerUrl]/api/callerid/3cx/lookup?number=[Number]');
    expect(lookup?.rules).toEqual([{ type: 'Any', path: 'contacts', ethalon: '' }]);
    expect(lookup?.outputs.items.map((o) => o.type)).toEqual([
      'ContactID',
      'FirstName',
      'LastName',
      'CompanyName',
      'Email',
      'PhoneBusiness',
      'PhoneMobile',
      'ContactUrl',
      'EntityType',
      'EntityId',
    ]);
  });

  it('looks up a nationally formatted caller as E.164 and maps every contact to 3CX outputs', async () => {
    const result = await runThreeCxLookup(await shipped(), {
      number: '020 123 4567',
      parameters: { ServerUrl: serverUrl, ApiToken: TOKEN },
      fetch,
    });
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.value.number).toBe('+31201234567');
    expect(seen.at(-1)).toEqual({
      number: '+31201234567',
      rawUrl: '/api/callerid/3cx/lookup?number=%2B31201234567',
      authorization: `Bearer ${TOKEN}`,
    });
    expect(result.value.matched).toBe(true);
    expect(result.value.contacts).toEqual([
      {
        ContactID: 'simplicate:person:p-7',
        FirstName: 'Jan',
        LastName: 'de Vries',
        CompanyName: 'Bakkerij Jansen B.V.',
        Email: 'jan@bakkerijjansen.nl',
        PhoneMobile: '+31201234567',
        ContactUrl: 'https://firma.simplicate.nl/crm/person/p-7',
        EntityType: 'Contacts',
        EntityId: 'simplicate:person:p-7',
      },
      {
        ContactID: 'accountview:debtor:10042',
        LastName: 'Jansen Beheer B.V.',
        CompanyName: 'Jansen Beheer B.V.',
        PhoneBusiness: '+31201234567',
        EntityType: 'Accounts',
        EntityId: 'accountview:debtor:10042',
      },
    ]);
  });
});

describe('the shipped template integrations/3cx/crmhub.xml: misses and errors', () => {
  it('fails the Any rule for an unknown caller, so 3CX shows no contact', async () => {
    const result = await runThreeCxLookup(await shipped(), {
      number: '+31 6 9999 9999',
      parameters: { ServerUrl: serverUrl, ApiToken: TOKEN },
      fetch,
    });
    expect(result).toMatchObject({ ok: true, value: { number: '+31699999999', matched: false, contacts: [] } });
  });

  it('still finds the caller when 3CX does not encode the +, because the endpoint reads a leading space as +', async () => {
    const result = await runThreeCxLookup(await shipped(), {
      number: '0031201234567',
      parameters: { ServerUrl: serverUrl, ApiToken: TOKEN },
      fetch,
      encodeUrlVariables: false,
    });
    expect(seen.at(-1)?.rawUrl).toBe('/api/callerid/3cx/lookup?number=+31201234567');
    expect(result).toMatchObject({ ok: true, value: { matched: true } });
  });

  it('reports an HTTP error without leaking the token', async () => {
    const result = await runThreeCxLookup(await shipped(), {
      number: '0201234567',
      parameters: { ServerUrl: serverUrl, ApiToken: 'wrong-token' },
      fetch,
    });
    expect(result).toMatchObject({ ok: false, error: { code: 'http_error' } });
    if (!result.ok) {
      expect(result.error.message).toContain('401');
      expect(result.error.message).not.toContain('wrong-token');
    }
  });

  it('needs the ServerUrl and ApiToken parameters', async () => {
    const result = await runThreeCxLookup(await shipped(), {
      number: '0201234567',
      parameters: { ServerUrl: serverUrl },
      fetch,
    });
    expect(result).toMatchObject({ ok: false, error: { code: 'parameter_missing' } });
    if (!result.ok) expect(result.error.message).toContain('ApiToken');
  });
});

const scenario = (request: string, body: string) => `<Scenario Id="" Type="REST">${request}${body}</Scenario>`;

describe('runThreeCxLookup with other template features', () => {
  it('reads array-index paths, Query parameters, Basic authentication and a [MaxLength] parameter', async () => {
    const t = inline(
      scenario(
        `<Request Url="[Base]/custom" RequestType="Get" ResponseType="Json"><Query><Parameter Name="phone" Value="[Number]" /></Query></Request>`,
        `<Rules><Rule Type="Number">users.0.id</Rule></Rules>
         <Variables><Variable Name="Id" Path="users.0.id" /><Variable Name="Name" Path="users.0.name" /></Variables>
         <Outputs AllowEmpty="false"><Output Type="ContactID" Value="[Id]" /><Output Type="FirstName" Value="Dhr. [Name]" /></Outputs>`,
      ),
      {
        number: '<Number Prefix="Off" MaxLength="[MaxLength]" />',
        parameters:
          '<Parameter Name="Base" Type="String" /><Parameter Name="MaxLength" Type="Integer" Default="9" /><Parameter Name="Key" Type="Password" />',
        auth: '<Authentication Type="Basic"><Value>crmhub:[Key]</Value></Authentication>',
      },
    );
    const result = await runThreeCxLookup(t, {
      number: '+31 20 123 4567',
      parameters: { Base: serverUrl, Key: 'k3y' },
      fetch,
    });
    expect(result).toMatchObject({
      ok: true,
      value: { number: '201234567', matched: true, contacts: [{ ContactID: '7', FirstName: 'Dhr. A' }] },
    });
    expect(customSeen.at(-1)).toEqual({
      query: { phone: '201234567' },
      authorization: `Basic ${Buffer.from('crmhub:k3y').toString('base64')}`,
    });
  });

  it('sends the Basic credentials base64-encoded', async () => {
    let authorization: string | undefined;
    const t = inline(
      scenario(`<Request Url="[Base]/x" ResponseType="Json" />`, `<Rules><Rule Type="Any">ok</Rule></Rules>`),
      {
        parameters:
          '<Parameter Name="Base" Default="http://example.invalid" /><Parameter Name="Key" Type="Password" />',
        auth: '<Authentication Type="Basic"><Value>crmhub:[Key]</Value></Authentication>',
      },
    );
    const result = await runThreeCxLookup(t, {
      number: '1',
      parameters: { Key: 's3cret' },
      fetch: (_url, init) => {
        authorization = init.headers['Authorization'];
        return Promise.resolve({ status: 200, text: () => Promise.resolve('{"ok":true}') });
      },
    });
    expect(authorization).toBe(`Basic ${Buffer.from('crmhub:s3cret').toString('base64')}`);
    expect(result).toMatchObject({ ok: true, value: { matched: true, contacts: [] } });
  });

  it('fans a name path out over an array, one contact per element, dropping all-empty ones', async () => {
    const t = inline(
      scenario(
        `<Request Url="[Base]/custom" ResponseType="Json" />`,
        `<Rules><Rule Type="Any">users</Rule></Rules>
         <Variables><Variable Name="Id" Path="users.id" /><Variable Name="Phone" Path="users.phone" /></Variables>
         <Outputs AllowEmpty="true"><Output Type="ContactID" Value="[Id]" /><Output Type="PhoneBusiness" Value="[Phone]" /></Outputs>`,
      ),
    );
    const result = await runThreeCxLookup(t, { number: '0201234567', parameters: { Base: serverUrl }, fetch });
    expect(result).toMatchObject({
      ok: true,
      value: {
        contacts: [
          { ContactID: '7', PhoneBusiness: '0201234567' },
          { ContactID: '8', PhoneBusiness: '' },
        ],
      },
    });
  });
});

describe('runThreeCxLookup with other template features: rules, masking and errors', () => {
  it('compares a rule with its Ethalon value', async () => {
    const make = (ethalon: string) =>
      inline(
        scenario(
          `<Request Url="[Base]/custom" ResponseType="Json" />`,
          `<Rules><Rule Type="Any" Ethalon="${ethalon}">users.name</Rule></Rules>`,
        ),
      );
    const yes = await runThreeCxLookup(make('A'), { number: '1', parameters: { Base: serverUrl }, fetch });
    const no = await runThreeCxLookup(make('B'), { number: '1', parameters: { Base: serverUrl }, fetch });
    expect(yes).toMatchObject({ ok: true, value: { matched: true } });
    expect(no).toMatchObject({ ok: true, value: { matched: false } });
  });

  it('masks Password parameters in the reported URL', async () => {
    const t = inline(scenario(`<Request Url="[Base]/custom?key=[Key]" ResponseType="Json" />`, ''), {
      parameters: '<Parameter Name="Base" /><Parameter Name="Key" Type="Password" />',
    });
    const result = await runThreeCxLookup(t, {
      number: '1',
      parameters: { Base: serverUrl, Key: 'top secret' },
      fetch,
    });
    expect(result.ok && result.value.request.url).toBe(`${serverUrl}/custom?key=***`);
  });

  it.each([
    [`<Request Url="[Base]/text" ResponseType="Json" />`, 'response_invalid'],
    [`<Request Url="[Base]/custom?x=[Nope]" ResponseType="Json" />`, 'variable_unknown'],
    [`<Request Url="[Base]/custom" RequestType="Post" ResponseType="Json" />`, 'unsupported'],
    [`<Request Url="[Base]/custom" ResponseType="Xml" />`, 'unsupported'],
    [`<Request Url="[Base]/custom" ResponseType="Json" SkipIf="[Base]==x" />`, 'unsupported'],
    [`<Request Url="http://127.0.0.1:1/closed" ResponseType="Json" />`, 'network_error'],
  ])('reports %s as %s', async (request, code) => {
    const result = await runThreeCxLookup(inline(scenario(request, '')), {
      number: '1',
      parameters: { Base: serverUrl },
      fetch,
    });
    expect(result).toMatchObject({ ok: false, error: { code } });
  });

  it('reports a missing scenario and an unsupported authentication type', async () => {
    const t = inline(`<Scenario Id="ReportCall" Type="REST"><Request Url="x" /></Scenario>`);
    expect(await runThreeCxLookup(t, { number: '1', parameters: { Base: 'b' }, fetch })).toMatchObject({
      ok: false,
      error: { code: 'scenario_missing' },
    });
    const scenarioAuth = inline(scenario(`<Request Url="[Base]/custom" ResponseType="Json" />`, ''), {
      auth: '<Authentication Type="Scenario" />',
    });
    expect(await runThreeCxLookup(scenarioAuth, { number: '1', parameters: { Base: serverUrl }, fetch })).toMatchObject(
      { ok: false, error: { code: 'unsupported' } },
    );
  });
});

describe('parseThreeCxTemplate errors', () => {
  it.each([
    ['<Crm><Scenarios></Crm>', 'xml_invalid'],
    ['<Other />', 'template_invalid'],
    [
      '<Crm Country="NL"><Number Prefix="Dashes" /><Scenarios><Scenario><Request Url="x" /></Scenario></Scenarios></Crm>',
      'template_invalid',
    ],
    ['<Crm Country="NL"><Scenarios><Scenario><Request /></Scenario></Scenarios></Crm>', 'template_invalid'],
    ['<Crm Country="NL"></Crm>', 'template_invalid'],
  ])('%s → %s', (xml, code) => {
    expect(parseThreeCxTemplate(xml)).toMatchObject({ ok: false, error: { code } });
  });

  it('names where the template is wrong', () => {
    const result = parseThreeCxTemplate(
      '<Crm Country="NL"><Scenarios><Scenario><Request /></Scenario></Scenarios></Crm>',
    );
    expect(!result.ok && result.error.message).toContain('Crm.Scenarios.Scenario.0.Request');
  });
});

describe('formatThreeCxNumber (docs/external-systems/pbx.md#3cx-template Number Prefix / MaxLength)', () => {
  const f = (number: string, prefix: 'AsIs' | 'Off' | 'Plus' | 'Zeros', maxLength: number | null = null) =>
    formatThreeCxNumber(number, { prefix, maxLength, country: 'NL' });

  it.each([
    ['+31201234567', 'AsIs', '+31201234567'],
    ['0031201234567', 'AsIs', '0031201234567'],
    ['+31201234567', 'Off', '31201234567'],
    ['0031201234567', 'Off', '31201234567'],
    ['0201234567', 'Off', '0201234567'],
    ['+31201234567', 'Plus', '+31201234567'],
    ['0031201234567', 'Plus', '+31201234567'],
    ['020 123 4567', 'Plus', '+31201234567'],
    ['+31201234567', 'Zeros', '0031201234567'],
    ['0201234567', 'Zeros', '0031201234567'],
    ['201', 'Plus', '201'],
  ] as const)('%s with %s → %s', (number, prefix, expected) => {
    expect(f(number, prefix)).toBe(expected);
  });

  it('keeps only the last MaxLength digits', () => {
    expect(f('+123456789', 'AsIs', 6)).toBe('456789');
    expect(f('0201234567', 'Plus', 9)).toBe('201234567');
    expect(f('0201234567', 'Plus', 0)).toBe('+31201234567');
  });
});

describe('resolveThreeCxPath', () => {
  const json = { contacts: [{ id: 1, tags: ['a', 'b'] }, { id: 2 }], meta: { total: 2 }, empty: [] };
  it('follows names, array indexes and fans out over arrays', () => {
    expect(resolveThreeCxPath(json, 'meta.total')).toEqual([2]);
    expect(resolveThreeCxPath(json, 'contacts.1.id')).toEqual([2]);
    expect(resolveThreeCxPath(json, 'contacts.id')).toEqual([1, 2]);
    expect(resolveThreeCxPath(json, 'contacts.0.tags.1')).toEqual(['b']);
    expect(resolveThreeCxPath(json, 'contacts.5.id')).toEqual([]);
    expect(resolveThreeCxPath(json, 'missing.x')).toEqual([]);
    expect(resolveThreeCxPath(json, 'empty')).toEqual([[]]);
  });
});
