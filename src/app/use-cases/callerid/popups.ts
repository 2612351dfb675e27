/** The pop-up a user gets for a call: caller, matched records with links, and firm context from the review queue. */
import { shortNameOf } from '../../../adapters/registry.js';

import type { LinkedAdministration } from '../../../adapters/db/repos/call-ingest.repo.js';
import type { PopupView } from '../../../contract/callerid-calls.contract.js';
import type { CallerView, CompanyMatch } from '../../../core/callerid/caller-view.js';
import type { CallEventSource } from '../../../core/model.js';

export type PopupCall = {
  readonly callPk: string;
  readonly callId: string;
  readonly state: 'ringing' | 'answered' | 'ended';
  readonly direction: 'in' | 'out';
  readonly source: CallEventSource;
  readonly extension: string | null;
  readonly startedAt: Date;
  readonly answeredAt: Date | null;
  readonly endedAt: Date | null;
};

type CallInstants = Pick<PopupCall, 'startedAt' | 'answeredAt' | 'endedAt'>;

/** When a call started, was answered and ended, as the pop-up and the call log show it (ISO 8601; null: not yet). */
export function callInstantsView(call: CallInstants): {
  startedAt: string;
  answeredAt: string | null;
  endedAt: string | null;
} {
  return {
    startedAt: call.startedAt.toISOString(),
    answeredAt: call.answeredAt?.toISOString() ?? null,
    endedAt: call.endedAt?.toISOString() ?? null,
  };
}

/** The JSON a pop-up event carries, as the API contract describes it (the web parses it with the same schema). */
export type PopupPayload = PopupView;
export type PopupCompany = PopupPayload['companies'][number];
export type PopupRecord = PopupCompany['records'][number];
export type PopupAdministration = PopupCompany['administrations'][number];

function displayOf(view: CallerView): string {
  const caller = view.caller;
  switch (caller.kind) {
    case 'e164':
      return caller.country === 'NL' ? caller.national : caller.e164;
    case 'internal':
      return caller.extension;
    case 'partial':
    case 'too_short':
      return caller.digits;
    case 'withheld':
    case 'invalid':
      return caller.raw;
  }
}

/** The administrations that belong to a matched company: linked to one of its records, or with its KvK number. */
export function administrationsFor(
  company: CompanyMatch,
  linked: readonly LinkedAdministration[],
): LinkedAdministration[] {
  const keys = new Set(company.records.map((r) => `${r.connectionId}:${r.companyId ?? r.recordId}`));
  return linked.filter((a) => keys.has(a.sourceKey) || (company.kvk !== null && a.kvk === company.kvk));
}

/** The caller's number as a pop-up shows it. */
export function popupNumber(view: CallerView): PopupPayload['number'] {
  const e164 = view.caller.kind === 'e164' ? view.caller.e164 : null;
  return { raw: view.caller.raw, e164, display: displayOf(view), kind: view.caller.kind };
}

/** The matched companies with their records and the firm context of the administrations `visible` holds. */
export function popupCompanies(view: CallerView, visible: readonly LinkedAdministration[]): PopupCompany[] {
  return view.companies.map((company) => ({
    name: company.name,
    kvk: company.kvk,
    relationNumber: company.relationNumber,
    bestMatch: company.bestKind,
    records: company.records.map((r) => ({
      source: r.source,
      system: shortNameOf(r.source),
      connectionId: r.connectionId,
      recordKind: r.recordKind,
      recordId: r.recordId,
      name: r.name,
      company: r.company,
      matchedField: r.field,
      matchedNumber: r.raw,
      e164: r.e164,
      personal: r.personal,
      matchKind: r.matchKind,
      kvk: r.kvk,
      relationNumber: r.relationNumber,
      link: r.deepLink === null ? null : { url: r.deepLink, system: shortNameOf(r.source) },
    })),
    administrations: administrationsFor(company, visible).map((a) => ({
      administrationId: a.administrationId,
      name: a.administrationName,
      domain: a.domainName,
      pendingApprovals: a.pendingCount,
      pendingFields: [...a.pendingFields],
    })),
  }));
}

/**
 * Builds one user's pop-up from the view restricted to their assigned sources and the firm context of the
 * administrations they may see (`domainIds` null: all, as for a portal administrator).
 */
export function buildPopup(
  call: PopupCall,
  view: CallerView,
  linked: readonly LinkedAdministration[],
  domainIds: readonly string[] | null,
): PopupPayload {
  const visible = domainIds === null ? linked : linked.filter((a) => domainIds.includes(a.domainId));
  return {
    v: 1,
    callId: call.callId,
    callPk: call.callPk,
    state: call.state,
    direction: call.direction,
    channel: call.source,
    extension: call.extension,
    ...callInstantsView(call),
    number: popupNumber(view),
    result: view.result,
    ambiguous: view.ambiguous,
    companies: popupCompanies(view, visible),
  };
}
