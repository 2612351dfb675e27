import { describe, expect, it } from 'vitest';

import {
  attr,
  buildSoapRequest,
  buildXml,
  child,
  childText,
  escapeXmlText,
  findInvalidXmlChar,
  parseSoapResponse,
  parseXml,
  SOAP11_NS,
  SOAP12_NS,
} from './soap.js';

const NS = 'http://www.theyukicompany.com/';

describe('buildSoapRequest', () => {
  it('builds a SOAP 1.1 envelope with SOAPAction and escaped text parameters', () => {
    const { body, headers } = buildSoapRequest({
      namespace: NS,
      method: 'SearchContacts',
      params: [
        { name: 'sessionID', value: 'abc' },
        { name: 'searchValue', value: `Jansen & Zn. <"BV"> 'x'` },
        { name: 'skipped', value: null },
      ],
    });
    expect(headers).toEqual({ 'content-type': 'text/xml; charset=utf-8', soapaction: `"${NS}SearchContacts"` });
    const parsed = parseXml(body);
    expect(parsed.ok).toBe(true);
    if (!parsed.ok) return;
    const op = child(child(parsed.value, 'Body'), 'SearchContacts');
    expect(parsed.value.ns).toBe(SOAP11_NS);
    expect(op?.ns).toBe(NS);
    expect(childText(op, 'searchValue')).toBe(`Jansen & Zn. <"BV"> 'x'`);
    expect(child(op, 'skipped')).toBeNull();
    expect(body).toContain('Jansen &amp; Zn. &lt;"BV"&gt;');
  });

  it('embeds an XML parameter as elements, not as entity-escaped text', () => {
    const { body } = buildSoapRequest({
      namespace: NS,
      method: 'UpdateContact',
      params: [
        {
          name: 'xmlDoc',
          value: {
            name: 'Contact',
            attrs: { xmlns: 'urn:xmlns:http://www.theyukicompany.com:contact' },
            children: [{ name: 'FullName', text: 'A & B' }],
          },
        },
      ],
    });
    expect(body).toContain(
      '<xmlDoc><Contact xmlns="urn:xmlns:http://www.theyukicompany.com:contact"><FullName>A &amp; B</FullName></Contact></xmlDoc>',
    );
    expect(body).not.toContain('&lt;Contact');
    const parsed = parseXml(body);
    if (!parsed.ok) throw new Error(parsed.error);
    const contact = child(child(child(child(parsed.value, 'Body'), 'UpdateContact'), 'xmlDoc'), 'Contact');
    expect(contact?.ns).toBe('urn:xmlns:http://www.theyukicompany.com:contact');
    expect(childText(contact, 'FullName')).toBe('A & B');
  });

  it('builds SOAP 1.2 with the action in the content type', () => {
    const { body, headers } = buildSoapRequest({ version: '1.2', namespace: NS, method: 'Authenticate', params: [] });
    expect(headers['content-type']).toBe(`application/soap+xml; charset=utf-8; action="${NS}Authenticate"`);
    expect(headers['soapaction']).toBeUndefined();
    const parsed = parseXml(body);
    expect(parsed.ok && parsed.value.ns).toBe(SOAP12_NS);
  });
});

describe('escaping', () => {
  it('round-trips every awkward character, including CR and non-ASCII', () => {
    const value = ' leading space, tab\t, CR\r\nLF, é ñ 😀, ]]> & < > " \' ';
    const xml = buildXml({ name: 'a', attrs: { v: value }, text: value });
    const parsed = parseXml(xml);
    if (!parsed.ok) throw new Error(parsed.error);
    expect(parsed.value.text).toBe(value);
    expect(attr(parsed.value, 'v')).toBe(value);
  });

  it('refuses characters XML cannot carry', () => {
    expect(findInvalidXmlChar('ok\u0001')).toBe(2);
    expect(findInvalidXmlChar('fine é 😀')).toBe(-1);
    expect(() => escapeXmlText('bad\u0000')).toThrow(/U\+0 cannot be written/);
  });
});

describe('parseXml', () => {
  it('resolves prefixes to namespaces and reads by local name', () => {
    const parsed = parseXml('<x:a xmlns:x="urn:x" xmlns="urn:d"><b y:id="1" xmlns:y="urn:y">t</b></x:a>');
    if (!parsed.ok) throw new Error(parsed.error);
    expect(parsed.value.local).toBe('a');
    expect(parsed.value.ns).toBe('urn:x');
    const b = child(parsed.value, 'b');
    expect(b?.ns).toBe('urn:d');
    expect(attr(b, 'id')).toBe('1');
  });

  it('decodes numeric character references', () => {
    const parsed = parseXml('<a>caf&#233; &#x41;&amp;</a>');
    expect(parsed.ok && parsed.value.text).toBe('café A&');
  });

  it('rejects malformed XML, DTDs and several roots', () => {
    expect(parseXml('<a><b></a>')).toMatchObject({
      ok: false,
      error: expect.stringMatching(/Malformed XML/) as unknown,
    });
    expect(parseXml('<!DOCTYPE a [<!ENTITY x "y">]><a>&x;</a>')).toMatchObject({
      ok: false,
      error: expect.stringMatching(/DOCTYPE/) as unknown,
    });
    expect(parseXml('<a/><b/>').ok).toBe(false);
    expect(parseXml('').ok).toBe(false);
  });
});

describe('parseSoapResponse', () => {
  it('returns the first body element of a result', () => {
    const r = parseSoapResponse(
      `<s:Envelope xmlns:s="${SOAP11_NS}"><s:Body><AuthenticateResponse xmlns="${NS}"><AuthenticateResult>g</AuthenticateResult></AuthenticateResponse></s:Body></s:Envelope>`,
    );
    expect(r.ok && r.value.kind === 'result' && childText(r.value.element, 'AuthenticateResult')).toBe('g');
  });

  it('reads a SOAP 1.1 fault with its detail', () => {
    const r = parseSoapResponse(
      `<soap:Envelope xmlns:soap="${SOAP11_NS}"><soap:Body><soap:Fault><faultcode>soap:Client</faultcode><faultstring>Daily limit exceeded</faultstring><detail>Every domain has 1000 free webservice calls a day.</detail></soap:Fault></soap:Body></soap:Envelope>`,
    );
    expect(r).toEqual({
      ok: true,
      value: {
        kind: 'fault',
        fault: {
          code: 'soap:Client',
          message: 'Daily limit exceeded',
          detail: 'Every domain has 1000 free webservice calls a day.',
        },
      },
    });
  });

  it('reads a SOAP 1.2 fault', () => {
    const r = parseSoapResponse(
      `<e:Envelope xmlns:e="${SOAP12_NS}"><e:Body><e:Fault><e:Code><e:Value>e:Sender</e:Value></e:Code><e:Reason><e:Text xml:lang="en">Invalid access key</e:Text></e:Reason><e:Detail/></e:Fault></e:Body></e:Envelope>`,
    );
    expect(r).toEqual({
      ok: true,
      value: { kind: 'fault', fault: { code: 'e:Sender', message: 'Invalid access key', detail: null } },
    });
  });

  it('says what is wrong with a non-SOAP or cut-off body', () => {
    expect(parseSoapResponse('<html><body>Bad gateway</body></html>')).toMatchObject({
      ok: false,
      error: expect.stringMatching(/Not a SOAP envelope/) as unknown,
    });
    expect(parseSoapResponse(`<soap:Envelope xmlns:soap="${SOAP11_NS}"><soap:Body><Authe`).ok).toBe(false);
    expect(parseSoapResponse(`<soap:Envelope xmlns:soap="${SOAP11_NS}"><soap:Body/></soap:Envelope>`)).toMatchObject({
      ok: false,
      error: 'SOAP Body is empty',
    });
  });
});
