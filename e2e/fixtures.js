// Test fixtures: a real `portal serve` per worker and backend.
import { test as base, expect } from '@playwright/test';
import { spawn, execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));

/** The release binary that `just build` made. */
function portalBinary() {
  const candidates = [
    process.env.PORTAL_BIN,
    process.env.CARGO_TARGET_DIR && path.join(process.env.CARGO_TARGET_DIR, 'release', 'portal'),
    path.join(here, '..', 'target', 'release', 'portal'),
  ].filter(Boolean);
  const found = candidates.find((p) => existsSync(p));
  if (!found) throw new Error(`no portal binary in ${candidates.join(', ')}: run \`just build\` first`);
  return found;
}

const pgAdminUrl = () => process.env.PORTAL_TEST_PG_URL || 'postgres://postgres:postgres@127.0.0.1:5432/postgres';

function psql(sql) {
  execFileSync('psql', [pgAdminUrl(), '-v', 'ON_ERROR_STOP=1', '-q', '-c', sql], { stdio: 'pipe' });
}

/** Starts `portal serve` on a free port; resolves when it logs its address. */
async function startServer(backend, workerIndex) {
  const dataDir = mkdtempSync(path.join(tmpdir(), `portal-e2e-${backend}-`));
  const env = { ...process.env, PORTAL_DATA_DIR: dataDir, PORTAL_BIND: '127.0.0.1:0', PORTAL_LOG_FORMAT: 'json' };
  delete env.PORTAL_WEB_DIR;
  let dbName = null;
  if (backend === 'postgres') {
    dbName = `e2e_${Date.now()}_${workerIndex}_${Math.floor(Math.random() * 1e6)}`;
    psql(`CREATE DATABASE ${dbName}`);
    env.DATABASE_URL = pgAdminUrl().replace(/\/[^/]*$/, `/${dbName}`);
  } else {
    delete env.DATABASE_URL;
  }
  const child = spawn(portalBinary(), ['serve'], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  const logs = [];
  const url = await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`portal did not start:\n${logs.join('')}`)), 30_000);
    const onData = (chunk) => {
      const text = chunk.toString();
      logs.push(text);
      const m = text.match(/listening on (http:\/\/[0-9.:]+)\//);
      if (m) { clearTimeout(timer); resolve(m[1]); }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.on('exit', (code) => { clearTimeout(timer); reject(new Error(`portal exited with ${code}:\n${logs.join('')}`)); });
  });
  child.removeAllListeners('exit');
  return {
    url, backend, logs, dataDir,
    async stop() {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await exited;
      rmSync(dataDir, { recursive: true, force: true });
      if (dbName) psql(`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`);
    },
  };
}

export const test = base.extend({
  backend: ['sqlite', { option: true, scope: 'worker' }],
  server: [async ({ backend }, use, workerInfo) => {
    const server = await startServer(backend, workerInfo.workerIndex);
    await use(server);
    await server.stop();
  }, { scope: 'worker', timeout: 60_000 }],
  baseURL: async ({ server }, use) => { await use(server.url); },
  // HTTP statuses of API answers that a test provokes on purpose (the 401 that asks for the second
  // step of a sign-in, a refused refresh token): Chromium logs every such answer as a console
  // error. Only answers from /api/ with these statuses are let through; everything else still fails.
  allowedApiErrors: [[], { option: true }],
  page: async ({ page, allowedApiErrors }, use, testInfo) => {
    const errors = [];
    const expected = (m) => {
      const status = /^Failed to load resource: the server responded with a status of (\d+)/.exec(m.text());
      const url = m.location()?.url || '';
      return !!status && allowedApiErrors.includes(Number(status[1])) && /^https?:\/\/[^/]+\/api\//.test(url);
    };
    page.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`));
    page.on('console', (m) => { if (m.type() === 'error' && !expected(m)) errors.push(`console: ${m.text()}`); });
    await use(page);
    if (errors.length) await testInfo.attach('browser-errors', { body: errors.join('\n') });
    expect(errors, 'the page logged no errors').toEqual([]);
  },
});

export { expect };
