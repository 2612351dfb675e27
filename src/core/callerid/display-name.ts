/** The caller's name as a handset shows it (VoIPGRID dial-plan lookup): company and person, short, plain text. */
import type { CallerView } from './caller-view.js';

/** Handsets show about this many characters; a longer name is cut rather than wrapped. */
export const HANDSET_NAME_MAX = 40;

function clean(text: string): string {
  // Control characters (a newline in a CRM name) would break a one-line text answer.
  return text
    .replace(/\p{Cc}+/gu, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

/**
 * "Company - Person" for the best match, the company alone for its switchboard, the person alone without a company;
 * empty when nothing matches or when several companies match equally well (a wrong name is worse than none).
 */
export function handsetName(view: CallerView, max = HANDSET_NAME_MAX): string {
  const company = view.companies[0];
  const record = company?.records[0];
  if (company === undefined || record === undefined || view.ambiguous) return '';
  const companyName = clean(company.name ?? record.company ?? '');
  const recordName = clean(record.name);
  const person = recordName === companyName ? '' : recordName;
  const name = [companyName, person].filter((part) => part !== '').join(' - ');
  return Array.from(name).slice(0, max).join('').trim();
}
