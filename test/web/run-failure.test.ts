// A failed run is worded from its codes in the reader's language, naming the system; never from crmhub's English.
import { describe, expect, it } from 'vitest';

import nl from '../../web/src/locales/nl.json' with { type: 'json' };
import { runFailureText } from '../../web/src/run-failure-text.js';
import { translator } from './translator.js';

describe('runFailureText', () => {
  it('words the code with the system named, in Dutch and English', async () => {
    const refused = { code: 'auth_invalid', systemSaid: 'Invalid API key or secret' } as const;
    expect(runFailureText(await translator('nl'), refused, 'Simplicate')).toBe(
      'Simplicate weigerde de inloggegevens van crmhub. Koppel Simplicate opnieuw met een geldige sleutel.',
    );
    expect(runFailureText(await translator('en'), refused, 'Simplicate')).toBe(
      "Simplicate refused crmhub's credentials. Connect Simplicate again with a valid key.",
    );
  });

  it('prefers the reason, then the network failure, over the code', async () => {
    const t = await translator('nl');
    const blocked = { code: 'forbidden', reason: 'company_blocked' } as const;
    // AccountView's set-up steps keep the words of its settings page.
    expect(runFailureText(t, blocked, 'AccountView')).toBe(nl.callerid.accountview.reasons.company_blocked);
    const scope = { code: 'forbidden', reason: 'scope_missing' } as const;
    expect(runFailureText(t, scope, 'Yuki')).toContain('De toestemming van Yuki staat deze aanroep niet toe');
    const timeout = { code: 'transient', network: 'timeout' } as const;
    expect(runFailureText(t, timeout, 'Yuki')).toBe(
      'Yuki was niet bereikbaar. crmhub probeert het zelf opnieuw; blijft het mislukken, controleer dan het adres en het netwerk.',
    );
  });

  it('never leaves a key, a nesting or a placeholder in the text', async () => {
    for (const lng of ['nl', 'en'] as const) {
      const t = await translator(lng);
      const words = [
        ...Object.keys(nl.runFailure.code).map((code) => runFailureText(t, { code: code as 'unknown' }, 'X')),
        ...Object.keys(nl.runFailure.reason).map((reason) =>
          runFailureText(t, { code: 'forbidden', reason: reason as 'grant_missing' }, 'X'),
        ),
      ];
      for (const text of words) expect(text).not.toMatch(/runFailure\.|\$t\(|{{|}}/);
    }
  });
});
