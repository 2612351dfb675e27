/** How approved changes reach Yuki (product decision 1), and what a documented re-read says about an assisted task. */

/** `assisted`: a person applies each change in Yuki; `automatic`: crmhub writes through the unpublished company call. */
export const writeModes = ['assisted', 'automatic'] as const;
export type WriteMode = (typeof writeModes)[number];

export const yukiTaskStates = ['open', 'mismatch', 'verified', 'done', 'withdrawn'] as const;
export type YukiTaskState = (typeof yukiTaskStates)[number];

/**
 * What Yuki's value (normalised, from a documented read) means for a task: `applied` when it shows the new value,
 * `waiting` while it still shows the old one, `mismatch` when it shows something else.
 */
export function taskVerdict(
  task: { readonly oldValue: string | null; readonly newValue: string | null },
  portalValue: string | null,
): 'applied' | 'waiting' | 'mismatch' {
  if (portalValue === task.newValue) return 'applied';
  if (portalValue === task.oldValue) return 'waiting';
  return 'mismatch';
}
