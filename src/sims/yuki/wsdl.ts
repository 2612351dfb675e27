/** The WSDL of each simulated service (ASMX style: document/literal, SOAP 1.1 and 1.2 bindings), from the catalog. */
import { enums, operationsOf, YUKI_NS } from './catalog.js';
import { write } from './xml.js';

import type { ParamSpec, ServiceName } from './catalog.js';
import type { XOut } from './xml.js';

const S = 'http://www.w3.org/2001/XMLSchema';

/** An `any` element as ASMX publishes XmlNode parameters and results: mixed content with one `s:any`. */
function anyElement(name: string): XOut {
  return {
    name: 's:element',
    attrs: { minOccurs: '0', maxOccurs: '1', name },
    kids: [
      { name: 's:complexType', attrs: { mixed: 'true' }, kids: [{ name: 's:sequence', kids: [{ name: 's:any' }] }] },
    ],
  };
}

function paramElement(p: ParamSpec): XOut {
  switch (p.type) {
    case 'any':
      return anyElement(p.name);
    case 'string':
      return { name: 's:element', attrs: { minOccurs: '0', maxOccurs: '1', name: p.name, type: 's:string' } };
    case 'int':
      return { name: 's:element', attrs: { minOccurs: '1', maxOccurs: '1', name: p.name, type: 's:int' } };
    case 'dateTime':
      return { name: 's:element', attrs: { minOccurs: '1', maxOccurs: '1', name: p.name, type: 's:dateTime' } };
    case 'SearchOption':
    case 'SortOrder':
    case 'ActiveFilter':
    case 'ContactType':
      return { name: 's:element', attrs: { minOccurs: '1', maxOccurs: '1', name: p.name, type: `tns:${p.type}` } };
  }
}

const sequence = (kids: XOut[]): XOut => ({
  name: 's:complexType',
  kids: kids.length > 0 ? [{ name: 's:sequence', kids }] : [],
});

type Ops = ReturnType<typeof operationsOf>;

/** The `s:schema` children: a request and a response element per operation, then the enum types. */
function schemaElements(ops: Ops): XOut[] {
  const schema: XOut[] = [];
  for (const [name, op] of ops) {
    schema.push({ name: 's:element', attrs: { name }, kids: [sequence(op.params.map(paramElement))] });
    const resultKids =
      op.result === 'none'
        ? []
        : op.result === 'any'
          ? [anyElement(`${name}Result`)]
          : [{ name: 's:element', attrs: { minOccurs: '0', maxOccurs: '1', name: `${name}Result`, type: 's:string' } }];
    schema.push({ name: 's:element', attrs: { name: `${name}Response` }, kids: [sequence(resultKids)] });
  }
  for (const [name, values] of Object.entries(enums)) {
    schema.push({
      name: 's:simpleType',
      attrs: { name },
      kids: [
        {
          name: 's:restriction',
          attrs: { base: 's:string' },
          kids: values.map((v) => ({ name: 's:enumeration', attrs: { value: v } })),
        },
      ],
    });
  }
  return schema;
}

function messageElements(ops: Ops): XOut[] {
  return ops.flatMap(([name]) => [
    {
      name: 'wsdl:message',
      attrs: { name: `${name}SoapIn` },
      kids: [{ name: 'wsdl:part', attrs: { name: 'parameters', element: `tns:${name}` } }],
    },
    {
      name: 'wsdl:message',
      attrs: { name: `${name}SoapOut` },
      kids: [{ name: 'wsdl:part', attrs: { name: 'parameters', element: `tns:${name}Response` } }],
    },
  ]);
}

function portTypeElement(service: ServiceName, ops: Ops): XOut {
  return {
    name: 'wsdl:portType',
    attrs: { name: `${service}Soap` },
    kids: ops.map(([name]) => ({
      name: 'wsdl:operation',
      attrs: { name },
      kids: [
        { name: 'wsdl:input', attrs: { message: `tns:${name}SoapIn` } },
        { name: 'wsdl:output', attrs: { message: `tns:${name}SoapOut` } },
      ],
    })),
  };
}

function bindingElement(service: ServiceName, ops: Ops, prefix: 'soap' | 'soap12', bindingName: string): XOut {
  return {
    name: 'wsdl:binding',
    attrs: { name: bindingName, type: `tns:${service}Soap` },
    kids: [
      { name: `${prefix}:binding`, attrs: { transport: 'http://schemas.xmlsoap.org/soap/http' } },
      ...ops.map(([name]) => ({
        name: 'wsdl:operation',
        attrs: { name },
        kids: [
          { name: `${prefix}:operation`, attrs: { soapAction: `${YUKI_NS}${name}`, style: 'document' } },
          { name: 'wsdl:input', kids: [{ name: `${prefix}:body`, attrs: { use: 'literal' } }] },
          { name: 'wsdl:output', kids: [{ name: `${prefix}:body`, attrs: { use: 'literal' } }] },
        ],
      })),
    ],
  };
}

/** The WSDL for one service; `location` is the service URL the ports point at. */
export function buildWsdl(service: ServiceName, location: string, soap12: boolean): string {
  const ops = operationsOf(service);
  const ports: XOut[] = [
    {
      name: 'wsdl:port',
      attrs: { name: `${service}Soap`, binding: `tns:${service}Soap` },
      kids: [{ name: 'soap:address', attrs: { location } }],
    },
  ];
  const bindings = [bindingElement(service, ops, 'soap', `${service}Soap`)];
  if (soap12) {
    bindings.push(bindingElement(service, ops, 'soap12', `${service}Soap12`));
    ports.push({
      name: 'wsdl:port',
      attrs: { name: `${service}Soap12`, binding: `tns:${service}Soap12` },
      kids: [{ name: 'soap12:address', attrs: { location } }],
    });
  }
  const definitions: XOut = {
    name: 'wsdl:definitions',
    attrs: {
      'xmlns:soap': 'http://schemas.xmlsoap.org/wsdl/soap/',
      'xmlns:soap12': 'http://schemas.xmlsoap.org/wsdl/soap12/',
      'xmlns:tns': YUKI_NS,
      'xmlns:s': S,
      'xmlns:wsdl': 'http://schemas.xmlsoap.org/wsdl/',
      targetNamespace: YUKI_NS,
    },
    kids: [
      {
        name: 'wsdl:types',
        kids: [
          {
            name: 's:schema',
            attrs: { elementFormDefault: 'qualified', targetNamespace: YUKI_NS },
            kids: schemaElements(ops),
          },
        ],
      },
      ...messageElements(ops),
      portTypeElement(service, ops),
      ...bindings,
      { name: 'wsdl:service', attrs: { name: service }, kids: ports },
    ],
  };
  return `<?xml version="1.0" encoding="utf-8"?>${write(definitions)}`;
}
