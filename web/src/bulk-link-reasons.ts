// Why a bulk link left an administration out, in words: the server's stable codes, each translated; others generic.
import type { TFunction } from 'i18next';

const skipReasons = [
  'no_single_suggestion',
  'user_gone',
  'not_found',
  'not_connected',
  'already_linked',
  'connection_failed',
] as const;

export function skipReasonText(t: TFunction, reason: string | null): string {
  if (reason === null) return '';
  const known = skipReasons.find((code) => code === reason);
  return known === undefined ? t('bulkLink.reasons.other', { code: reason }) : t(`bulkLink.reasons.${known}`);
}

/** How many were left out per reason, most frequent first. */
export function countByReason(skipped: readonly { reason: string }[]): [string, number][] {
  const counts = new Map<string, number>();
  for (const { reason } of skipped) counts.set(reason, (counts.get(reason) ?? 0) + 1);
  return [...counts.entries()].sort((a, b) => b[1] - a[1]);
}
