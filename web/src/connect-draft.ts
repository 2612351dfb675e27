// What a connect form keeps when connecting fails: every typed value while the page lives, all but secrets after a reload.

/** Secrets live only in this page's memory: a reload (or the trip to a consent page and back) forgets them. */
const secretsInMemory = new Map<string, Record<string, string>>();

type Draft<F extends string> = { [K in F]?: string | undefined };

function storageKey(form: string): string {
  return `crmhub.${form}.draft`;
}

function readStored<F extends string>(form: string, fields: readonly F[]): Draft<F> {
  try {
    const parsed: unknown = JSON.parse(sessionStorage.getItem(storageKey(form)) ?? '{}');
    if (typeof parsed !== 'object' || parsed === null) return {};
    const draft: Draft<F> = {};
    for (const field of fields) {
      const value: unknown = (parsed as Record<string, unknown>)[field];
      if (typeof value === 'string') draft[field] = value;
    }
    return draft;
  } catch {
    return {};
  }
}

/**
 * A form's draft: `fields` are kept in the tab's session storage (they survive the consent page's redirect), `secrets`
 * only in memory. `read` gives what was kept, `save` keeps the values now typed, `clear` forgets both.
 */
export function connectDraft<F extends string, S extends string>(
  form: string,
  fields: readonly F[],
  secrets: readonly S[],
) {
  return {
    read(): Draft<F | S> {
      const kept: Draft<F | S> = {};
      Object.assign(kept, readStored(form, fields));
      const inMemory = secretsInMemory.get(form) ?? {};
      for (const secret of secrets) {
        const value = inMemory[secret];
        if (value !== undefined) kept[secret] = value;
      }
      return kept;
    },
    /** Every field, with what was kept or else empty: the form's starting values. */
    values(): Draft<F | S> {
      const kept = this.read();
      const all: Draft<F | S> = {};
      for (const name of [...fields, ...secrets]) all[name] = kept[name] ?? '';
      return all;
    },
    save(values: Readonly<Draft<F | S>>): void {
      const stored: Draft<F> = {};
      for (const field of fields) stored[field] = values[field] ?? '';
      const inMemory: Record<string, string> = {};
      for (const secret of secrets) inMemory[secret] = values[secret] ?? '';
      secretsInMemory.set(form, inMemory);
      try {
        sessionStorage.setItem(storageKey(form), JSON.stringify(stored));
      } catch {
        // Storage blocked: after a failed consent the user types the values again.
      }
    },
    clear(): void {
      secretsInMemory.delete(form);
      try {
        sessionStorage.removeItem(storageKey(form));
      } catch {
        // nothing kept
      }
    },
  };
}
