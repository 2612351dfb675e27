/** Domain types shared across layers (camelCase, readonly). */

/** Call states in the order a call goes through them. */
export const callStates = ['ringing', 'answered', 'ended'] as const;
/** Where a call is in its life: offered, picked up, hung up. */
export type CallState = (typeof callStates)[number];

/** `in`: someone calls the firm; `out`: the firm calls someone. */
export const callDirections = ['in', 'out'] as const;
/** One of {@link callDirections}. */
export type CallDirection = (typeof callDirections)[number];

/** The channels a call event can arrive through. */
export const callEventSources = ['json', 'url_template', '3cx', 'voys'] as const;
/** How the event reached crmhub: signed JSON webhook, URL-template GET, a 3CX CRM lookup, or a Voys notification. */
export type CallEventSource = (typeof callEventSources)[number];

/** One state change of a phone call reported by a PBX; numbers are kept exactly as the PBX sent them. */
export type CallEvent = {
  /** The PBX's id for the call; the same for every state of one call. */
  readonly callId: string;
  readonly state: CallState;
  /** Calling party as sent (may be empty or a withheld marker). */
  readonly from: string;
  /** Called party as sent (a DID, an extension or an external number). */
  readonly to: string;
  /** The internal extension involved (ringing for inbound, dialling for outbound), when known. */
  readonly extension: string | null;
  readonly direction: CallDirection;
  /** When the PBX says the state changed, ISO 8601 UTC. */
  readonly at: string;
  readonly source: CallEventSource;
};
