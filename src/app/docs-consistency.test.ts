import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

import { configSchema } from './config.js';

const root = path.resolve(import.meta.dirname, '../..');

describe('README and .env.example', () => {
  it('list every environment variable crmhub reads', () => {
    const readme = readFileSync(path.join(root, 'README.md'), 'utf8');
    const example = readFileSync(path.join(root, '.env.example'), 'utf8');
    for (const variable of Object.keys(configSchema.shape)) {
      expect(readme, variable).toContain(`| \`${variable}\` |`);
      expect(example, variable).toMatch(new RegExp(`^${variable}=`, 'm'));
    }
  });

  it('start with the two commands for a fresh machine', () => {
    const readme = readFileSync(path.join(root, 'README.md'), 'utf8');
    const blocks = [...readme.matchAll(/```sh\n([^`]+)```/g)].map((match) => match[1]?.trim());
    expect(blocks.slice(0, 2)).toEqual(['npm install && npm start', 'npm test']);
  });
});
