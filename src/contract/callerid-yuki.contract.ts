/** The HTTP contract of caller ID from Yuki: which domains' contacts are indexed (none by default) and their share. */
import { z } from 'zod';

export const yukiContactDomainsSchema = z.object({
  /** False when no portal is connected (nothing to choose from). */
  portalConnected: z.boolean(),
  /** Background calls may use this share of a domain's daily Yuki quota (0.05). */
  backgroundShare: z.number(),
  domains: z.array(
    z.object({
      id: z.string().describe('The Yuki domain GUID'),
      name: z.string(),
      selected: z.boolean(),
      backgroundUsed: z.number(),
      backgroundLimit: z.number(),
    }),
  ),
});
export type YukiContactDomainsView = z.infer<typeof yukiContactDomainsSchema>;

export const yukiContactDomainsBody = z.strictObject({
  domainIds: z.array(z.string().max(100)).max(1000).describe('Yuki domain GUIDs whose contacts caller ID indexes'),
});
export type YukiContactDomainsInput = z.infer<typeof yukiContactDomainsBody>;
