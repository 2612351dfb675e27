import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { generateSecretKey } from '../../src/adapters/crypto/secret-box.js';
import { isProcessAlive } from '../../src/adapters/shared/process.js';
import { runCrmhub } from '../helpers/process.js';

import type { CrmhubProcess } from '../helpers/process.js';

let dataDir: string;
const started: CrmhubProcess[] = [];

beforeAll(async () => {
  dataDir = await mkdtemp(path.join(tmpdir(), 'crmhub-cli-'));
});
afterAll(async () => {
  for (const crmhub of started) {
    if (crmhub.child.exitCode === null) {
      crmhub.child.kill('SIGTERM');
      await crmhub.exited();
    }
  }
  await rm(dataDir, { recursive: true, force: true });
});

function start(env: Record<string, string> = {}): CrmhubProcess {
  const crmhub = runCrmhub(['start'], { CRMHUB_DATA_DIR: dataDir, PORT: '0', ...env });
  started.push(crmhub);
  return crmhub;
}

async function postmasterPid(): Promise<number> {
  return Number.parseInt((await readFile(path.join(dataDir, 'pg', 'postmaster.pid'), 'utf8')).split('\n')[0] ?? '', 10);
}

describe('crmhub command', () => {
  it('exits non-zero with one clear line when the database is unreachable', async () => {
    const crmhub = runCrmhub(['start'], {
      DATABASE_URL: 'postgres://crmhub@127.0.0.1:9/crmhub',
      CRMHUB_SECRET_KEY: generateSecretKey(),
    });
    expect(await crmhub.exited()).toBe(1);
    const lines = crmhub.output().trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^crmhub: cannot reach the database at 127\.0\.0\.1:9\/crmhub: .*ECONNREFUSED/);
  });

  it('lists every bad variable and exits non-zero', async () => {
    const crmhub = runCrmhub(['start'], { PORT: 'x', LOG_LEVEL: 'chatty' });
    expect(await crmhub.exited()).toBe(1);
    expect(crmhub.output()).toMatch(/PORT: /);
    expect(crmhub.output()).toMatch(/LOG_LEVEL: /);
  });

  it('names the field when user add gets a bad email or role', async () => {
    const badEmail = runCrmhub(['user', 'add', '--email', 'nope', '--role', 'employee'], { CRMHUB_DATA_DIR: dataDir });
    expect(await badEmail.exited()).toBe(1);
    expect(badEmail.output()).toMatch(/--email must be an email address/);
    const badRole = runCrmhub(['user', 'add', '--email', 'a@b.nl', '--role', 'boss'], { CRMHUB_DATA_DIR: dataDir });
    expect(await badRole.exited()).toBe(1);
    expect(badRole.output()).toMatch(/--role must be one of portal_admin, employee/);
  });

  it('runs on the embedded database, refuses a second start on the same data dir, and adds users from the shell', async () => {
    const first = start();
    const [, url] = await first.waitFor(/open (http:\/\/\S+)/);
    expect((await fetch(`${url}/readyz`)).status).toBe(200);
    const keyMode = (await import('node:fs')).statSync(path.join(dataDir, 'secret.key')).mode & 0o777;
    expect(keyMode).toBe(0o600);

    const second = start();
    expect(await second.exited()).toBe(1);
    expect(second.output()).toMatch(/another crmhub \(pid \d+\) is already running on the data dir/);
    expect((await fetch(`${url}/readyz`)).status).toBe(200);

    const add = runCrmhub(
      ['user', 'add', '--email', 'piet@kantoor.nl', '--role', 'employee'],
      { CRMHUB_DATA_DIR: dataDir },
      'een lang wachtwoord\n',
    );
    expect(await add.exited()).toBe(0);
    expect(add.output()).toContain('added piet@kantoor.nl as employee');
    const login = await fetch(`${url}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'piet@kantoor.nl', password: 'een lang wachtwoord' }),
    });
    expect(login.status).toBe(200);
    const weak = runCrmhub(
      ['user', 'add', '--email', 'jan@kantoor.nl', '--role', 'employee'],
      { CRMHUB_DATA_DIR: dataDir },
      'password1234\n',
    );
    expect(await weak.exited()).toBe(1);
    expect(weak.output()).toMatch(/password is too easy to guess \(similarToCommon\)/);

    const pid = await postmasterPid();
    first.child.kill('SIGTERM');
    expect(await first.exited()).toBe(0);
    expect(isProcessAlive(pid)).toBe(false);
  });

  it('recovers from a crash that left PostgreSQL running (stale postmaster.pid)', async () => {
    const crashed = start();
    await crashed.waitFor(/open (http:\/\/\S+)/);
    const orphan = await postmasterPid();
    crashed.child.kill('SIGKILL');
    await crashed.exited();
    expect(isProcessAlive(orphan)).toBe(true);

    const restarted = start();
    const [, url] = await restarted.waitFor(/open (http:\/\/\S+)/);
    expect((await fetch(`${url}/readyz`)).status).toBe(200);
    expect(isProcessAlive(orphan)).toBe(false);
    restarted.child.kill('SIGINT');
    expect(await restarted.exited()).toBe(0);
  });

  it('manages users from the shell: list, role, deactivate, temporary password, domains', async () => {
    const user = async (args: string[], stdin?: string) => {
      const run = runCrmhub(['user', ...args], { CRMHUB_DATA_DIR: dataDir }, stdin);
      return { code: await run.exited(), output: run.output() };
    };
    expect(
      (await user(['add', '--email', 'baas@kantoor.nl', '--role', 'portal_admin'], 'een lang wachtwoord\n')).code,
    ).toBe(0);
    const listed = await user(['list']);
    expect(listed.output).toMatch(/baas@kantoor\.nl\tbaas\tportal_admin\tactive\tall domains\tnever/);

    const lastAdmin = await user(['deactivate', '--email', 'baas@kantoor.nl']);
    expect(lastAdmin.code).toBe(1);
    expect(lastAdmin.output).toMatch(/last_admin: the portal must keep an active portal administrator/);
    expect((await user(['set-role', '--email', 'piet@kantoor.nl', '--role', 'portal_admin'])).output).toMatch(
      /piet@kantoor\.nl\t.*\tportal_admin\tactive/,
    );
    expect((await user(['set-role', '--email', 'piet@kantoor.nl', '--role', 'boss'])).output).toMatch(/--role must be/);
    expect((await user(['deactivate', '--email', 'piet@kantoor.nl'])).output).toMatch(/\tdeactivated\t/);
    expect((await user(['domains', '--email', 'piet@kantoor.nl', '--domain', 'nope'])).output).toMatch(
      /--domain: no domain nope in this portal/,
    );
    const reset = await user(['reset-password', '--email', 'baas@kantoor.nl']);
    expect(reset.output).toMatch(/temporary password for baas@kantoor\.nl: \S{20}\n/);
    expect((await user(['list'])).output).toMatch(/baas@kantoor\.nl\t.*\ttemporary password\t/);
    expect((await user(['reset-password', '--email', 'niemand@kantoor.nl'])).output).toMatch(/--email: no user/);
  });

  it('migrate reports that an up-to-date database is current', async () => {
    const migrate = runCrmhub(['migrate'], { CRMHUB_DATA_DIR: dataDir });
    expect(await migrate.exited()).toBe(0);
    expect(migrate.output()).toContain('migrations are current');
  });
});
