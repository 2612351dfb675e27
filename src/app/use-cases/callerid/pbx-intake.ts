/** What phone systems send: signed JSON call events, URL-template call events and 3CX contact lookups. */
import { closeAsyncCommitRunner } from '../../../adapters/db/repos/prepared.js';
import { pbxErrorStatus } from '../../../adapters/pbx/errors.js';
import { pbxManifest } from '../../../adapters/pbx/manifest.js';
import {
  parseJsonCallEvent,
  parseThreeCxLookupQuery,
  parseUrlTemplatePath,
  toThreeCxLookupResponse,
  urlTemplateToCallEvent,
} from '../../../adapters/pbx/mapper.js';
import { senderAllowed } from '../../../adapters/pbx/senders.js';
import { classifyCaller } from '../../../core/callerid/caller-view.js';
import { handsetName } from '../../../core/callerid/display-name.js';
import { matchCaller } from '../../../core/phone/match.js';
import { ok } from '../../../core/result.js';
import { fail } from '../failure.js';
import { ingestCallEvent } from './call-events.js';
import { createLookupLog, threeCxCandidates } from './lookup-log.js';
import { callerOptions, candidatesFor, lookupCaller } from './lookup.js';
import { createPbxAuth } from './pbx-integrations.js';
import { ingestVoysNotification } from './voys-events.js';

import type { PbxError } from '../../../adapters/pbx/errors.js';
import type { IncomingHeaders } from '../../../adapters/pbx/signature.js';
import type { ThreeCxContactsView } from '../../../contract/callerid-pbx.contract.js';
import type { CallEvent } from '../../../core/model.js';
import type { Err } from '../../../core/result.js';
import type { AppDeps } from '../../deps.js';
import type { Failure, FailureCode, Outcome } from '../failure.js';
import type { IngestOutcome } from './call-events.js';
import type { PbxAuth, PbxCaller } from './pbx-integrations.js';
import type { VoysOutcome } from './voys-events.js';

const URL_TEMPLATE_CLOCK_SKEW_MS = 24 * 3600_000;

/** Where URL-template call events arrive; the token is the first segment after it. */
export const URL_TEMPLATE_PREFIX = '/api/callerid/pbx/';

/** After the token: the VoIPGRID dial-plan name lookup (so the address is redacted like every token-bearing one). */
export const VOIPGRID_NAME_PATH = '/voipgrid/name';

/** After the token: where Voys / VoIPGRID call notifications are POSTed (redacted like the others). */
export const VOYS_NOTIFICATIONS_PATH = '/voys';

/** PBX failures as use-case failures: authentication → the 401 codes, input → call_event_invalid with the field. */
export function pbxFailure(error: PbxError): Err<Failure> {
  const status = pbxErrorStatus[error.code];
  let code: FailureCode = 'call_event_invalid';
  if (status === 401) {
    if (error.code.startsWith('timestamp_')) code = 'webhook_timestamp_invalid';
    else if (error.code === 'token_invalid') code = 'pbx_token_invalid';
    else code = 'webhook_signature_invalid';
  }
  const errors =
    error.field === undefined || status === 401
      ? undefined
      : [{ field: error.field, code: 'invalid' as const, params: { reason: error.code }, message: error.message }];
  return fail(code, error.message, errors === undefined ? {} : { errors });
}

export type PbxIntake = {
  /** The request authentication, also told by the administration of phone systems to forget what it cached. */
  readonly auth: PbxAuth;
  /** A signed JSON call event: the signature is checked over the exact bytes before the body is parsed. */
  signedEvent(input: { readonly rawBody: Buffer; readonly headers: IncomingHeaders }): Promise<Outcome<IngestOutcome>>;
  /** A URL-template call event, from the raw (still percent-encoded) path after {@link URL_TEMPLATE_PREFIX}. */
  urlTemplateEvent(rawPath: string): Promise<Outcome<IngestOutcome>>;
  /** A 3CX contact lookup authenticated by the phone-system token; logged as a call in the background. */
  threeCxLookup(token: string | null, query: Readonly<Record<string, unknown>>): Promise<Outcome<ThreeCxContactsView>>;
  /** The caller's name for the handset (VoIPGRID dial-plan webhook), authenticated by the token in the address. */
  voipgridName(token: string, callerId: string): Promise<Outcome<string>>;
  /** A Voys / VoIPGRID call notification: the token in the address, the sender on the phone system's allow-list. */
  voysNotification(input: {
    readonly token: string;
    readonly sender: string;
    readonly rawBody: Buffer;
  }): Promise<Outcome<VoysOutcome>>;
  /** Writes the buffered lookups and releases the call-event writer. */
  close(): Promise<void>;
};

/** A Voys notification: token, then sender address, then the notification itself. */
async function voysNotification(
  deps: Pick<AppDeps, 'db' | 'clock'>,
  auth: PbxAuth,
  input: { readonly token: string; readonly sender: string; readonly rawBody: Buffer },
): Promise<Outcome<VoysOutcome>> {
  const caller = await auth.byToken(input.token);
  if (caller === null) {
    return pbxFailure({ code: 'token_invalid', message: 'The phone-system token in the URL is not valid.' });
  }
  if (!senderAllowed(caller.allowedSenders, input.sender)) {
    return fail('pbx_sender_not_allowed', `${input.sender} is not on this phone system's list of sender addresses`);
  }
  await auth.seen(caller.id);
  const outcome = await ingestVoysNotification(deps.db, caller, input.rawBody, deps.clock());
  return outcome.ok ? outcome : pbxFailure(outcome.error);
}

export function createPbxIntake(
  deps: Pick<AppDeps, 'db' | 'secretBox' | 'clock'>,
  onLogError: (error: Error) => void,
): PbxIntake {
  const auth = createPbxAuth(deps);
  const lookupLog = createLookupLog(deps.db, onLogError);
  const ingest = async (caller: PbxCaller, event: CallEvent): Promise<IngestOutcome> => {
    await auth.seen(caller.id);
    return ingestCallEvent(deps.db, caller, event);
  };
  return {
    auth,
    async signedEvent(input) {
      const caller = await auth.bySignature(input);
      if (!caller.ok) return pbxFailure(caller.error);
      const event = parseJsonCallEvent(input.rawBody);
      if (!event.ok) return pbxFailure(event.error);
      return ok(await ingest(caller.value, event.value));
    },
    async urlTemplateEvent(rawPath) {
      const rest = rawPath.slice(URL_TEMPLATE_PREFIX.length);
      const slash = rest.indexOf('/');
      const caller = await auth.byToken(decodeURIComponent(rest.slice(0, slash)));
      if (caller === null)
        return pbxFailure({ code: 'token_invalid', message: 'The phone-system token in the URL is not valid.' });
      const params = parseUrlTemplatePath(rest.slice(slash));
      if (!params.ok) return pbxFailure(params.error);
      const event = urlTemplateToCallEvent(params.value, { phone: callerOptions });
      if (!event.ok) return pbxFailure(event.error);
      // A call dated far from now is a broken PBX clock or a forged request: it would top or outlive the call log.
      if (Math.abs(Date.parse(event.value.at) - deps.clock().getTime()) > URL_TEMPLATE_CLOCK_SKEW_MS) {
        const message = "Path segment {timestamp} must be within 24 hours of crmhub's clock.";
        return pbxFailure({ code: 'path_invalid', message, field: 'timestamp' });
      }
      return ok(await ingest(caller, event.value));
    },
    async threeCxLookup(token, query) {
      const caller = token === null ? null : await auth.byToken(token);
      if (caller === null) {
        return fail('pbx_token_invalid', 'send the phone-system token as Authorization: Bearer <token>');
      }
      const number = parseThreeCxLookupQuery(query);
      if (!number.ok) {
        return fail('validation_failed', `query.number: ${number.error.message}`, {
          errors: [{ field: 'query.number', code: 'required', message: 'is missing or empty' }],
        });
      }
      const classified = classifyCaller(number.value, callerOptions);
      const hits = await candidatesFor(deps.db, classified, { portalId: caller.portalId });
      const lookupNumber =
        classified.kind === 'e164' ? classified.e164 : classified.kind === 'partial' ? classified.digits : '';
      const ranked = matchCaller(lookupNumber, threeCxCandidates(hits), callerOptions);
      lookupLog.add({ caller, number: number.value, classified, ranked, at: deps.clock() });
      const response = toThreeCxLookupResponse(ranked, {
        maxContacts: pbxManifest.options.threeCxMaxContacts,
        onAmbiguous: pbxManifest.options.threeCxOnAmbiguous,
      });
      return ok({ contacts: [...response.contacts] });
    },
    async voipgridName(token, callerId) {
      const caller = await auth.byToken(token);
      if (caller === null)
        return pbxFailure({ code: 'token_invalid', message: 'The phone-system token in the URL is not valid.' });
      return ok(handsetName(await lookupCaller(deps.db, { portalId: caller.portalId, raw: callerId })));
    },
    voysNotification: async (input) => voysNotification(deps, auth, input),
    async close() {
      await lookupLog.close();
      await closeAsyncCommitRunner(deps.db);
    },
  };
}
