/** Voys / VoIPGRID call notifications as the simulator sends them (docs/external-systems/pbx.md#voys--voipgrid-call-notifications). */
import type { CallEmission, OutgoingRequest } from './emitter.js';
import type { PbxSimOptions } from './options.js';

type VoysOptions = Pick<
  PbxSimOptions,
  | 'target'
  | 'extensions'
  | 'firmNumber'
  | 'voysStatuses'
  | 'voysDestinationShape'
  | 'voysRingDevices'
  | 'voysUserEmails'
> & { token: string };

type Party = {
  number: string | null;
  name: string | null;
  account_number: string | null;
  user_numbers: string[];
  user_emails: string[];
};

/** [C] ISO 8601 with an offset and microseconds, as in the 2023 example (`2023-09-01T13:41:25.972110+00:00`). */
export function voysTimestamp(atMs: number): string {
  return new Date(atMs).toISOString().replace('Z', '000+00:00');
}

/** A party of the firm: its phone account and users, named like `caller` does ([I] for the destination). */
function internalParty(number: string | null, extensions: readonly string[], options: VoysOptions): Party {
  return {
    number,
    name: null,
    account_number: extensions[0] ?? null,
    user_numbers: [...extensions],
    user_emails: extensions.flatMap((ext) => {
      const email = options.voysUserEmails[ext];
      return email === undefined ? [] : [email];
    }),
  };
}

function externalParty(number: string): Party {
  return { number, name: null, account_number: null, user_numbers: [], user_emails: [] };
}

/** [I] where the ringing users stand: in `destination` itself (`flat`) or in `destination.target`. */
function destinationOf(party: Party, options: VoysOptions): Record<string, unknown> {
  if (options.voysDestinationShape === 'flat') return party;
  const { number, ...target } = party;
  return { number, target };
}

/** The extensions the k-th `ringing` names: the call's own, then as many more of the configured ones. */
function ringingExtensions(e: CallEmission, k: number, options: VoysOptions): string[] {
  const others = options.extensions.filter((ext) => ext !== e.extension);
  return [e.extension, ...others.slice(0, k)];
}

/**
 * The notifications of one state change: inbound ringing is `created` ([C] inbound only) and then `ringing`
 * `voysRingDevices` times, each naming one more device ([C] ringing may repeat); answered and ended are one each.
 */
export function buildVoysRequests(e: CallEmission, options: VoysOptions): OutgoingRequest[] {
  const inbound = e.direction === 'in';
  const external = externalParty(inbound ? e.from : e.to);
  const body = (status: string, extensions: readonly string[], withDestination: boolean): string => {
    const firm = internalParty(inbound ? e.to : options.firmNumber, extensions, options);
    const destination = inbound ? (withDestination ? destinationOf(firm, options) : { number: e.to }) : external;
    return JSON.stringify({
      call_id: e.callId,
      timestamp: voysTimestamp(e.atMs),
      status,
      version: 'v2',
      direction: inbound ? 'inbound' : 'outbound',
      caller: inbound ? external : firm,
      destination,
    });
  };
  const bodies: string[] = [];
  if (e.state === 'ringing') {
    if (inbound) bodies.push(body('created', [], false));
    const devices = inbound ? options.voysRingDevices : 1;
    for (let k = 0; k < devices; k++) bodies.push(body('ringing', ringingExtensions(e, k, options), true));
  } else {
    bodies.push(body(options.voysStatuses[e.state], [e.extension], true));
  }
  return bodies.map((b) => ({
    channel: 'voys',
    method: 'POST',
    url: `${options.target}/api/callerid/pbx/${encodeURIComponent(options.token)}/voys`,
    headers: { 'content-type': 'application/json' },
    body: b,
  }));
}
