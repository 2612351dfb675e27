// The architecture's lint rules fail on files that break them: routes importing repositories, SQL outside the db adapter.
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

const LAYER_RULES = new Set(['import-x/no-restricted-paths', 'no-restricted-imports', 'max-lines-per-function']);

/** Lints source text as if it stood at `filePath`, with only the architecture rules (type information is not needed). */
async function layerProblems(filePath: string, code: string): Promise<string[]> {
  const eslint = new ESLint({
    cwd: process.cwd(),
    overrideConfig: { languageOptions: { parserOptions: { projectService: false, project: null } } },
    ruleFilter: ({ ruleId }) => LAYER_RULES.has(ruleId),
  });
  const [result] = await eslint.lintText(code, { filePath });
  return (result?.messages ?? []).map((message) => `${message.ruleId ?? 'parse'}: ${message.message}`);
}

const repoImport =
  "import { findConnection } from '../../../adapters/db/repos/connections.repo.js';\nvoid findConnection;\n";

describe('architecture lint rules', () => {
  it('refuse a route file that imports a repository', async () => {
    const problems = await layerProblems('src/app/http/routes/probe.routes.ts', repoImport);
    expect(problems).toEqual([expect.stringContaining('routes call use-cases')]);
  });

  it('allow the same import in a use-case', async () => {
    expect(await layerProblems('src/app/use-cases/probe.ts', repoImport.replace('../../../', '../../'))).toEqual([]);
  });

  it('refuse a database client outside src/adapters/db', async () => {
    const code = "import { sql } from 'kysely';\nvoid sql;\n";
    expect(await layerProblems('src/app/use-cases/probe.ts', code)).toEqual([
      expect.stringContaining('database clients are used only under src/adapters/db'),
    ]);
    expect(await layerProblems('src/adapters/db/repos/probe.repo.ts', code)).toEqual([]);
  });

  it('refuse a function longer than 80 lines', async () => {
    const body = Array.from({ length: 80 }, (_, n) => `  void ${String(n)};`).join('\n');
    const problems = await layerProblems('src/core/probe.ts', `export function long(): void {\n${body}\n}\n`);
    expect(problems).toEqual([expect.stringContaining('max-lines-per-function')]);
  });
});
