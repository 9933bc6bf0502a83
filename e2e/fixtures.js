// Test fixtures: a real `portal serve` per worker and backend.
import { test as base, expect } from '@playwright/test';
import { spawn, execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, existsSync } from 'node:fs';
import net from 'node:net';
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

/** The instance administrator every server starts with (made by `portal admin create-admin`). */
export const ROOT = { email: 'root@e2e.test', name: 'Rita Root', password: 'saffron quiver e2e-root mosaic orbit' };

/** A free TCP port on 127.0.0.1 (the server needs its own URL before it starts: mail links). */
async function freePort() {
  return new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address();
      probe.close(() => resolve(port));
    });
  });
}

/** Undoes a quoted-printable body (soft line breaks and =XX escapes). */
function decodeQuotedPrintable(text) {
  const bytes = Buffer.from(text.replace(/=\r?\n/g, '').replace(/=([0-9A-F]{2})/gi, (_, h) => String.fromCharCode(parseInt(h, 16))), 'latin1');
  return bytes.toString('utf8');
}

/** One received message: envelope, headers, and the body decoded. */
function parseMessage(envelope, raw) {
  const [head, ...rest] = raw.split(/\r?\n\r?\n/);
  const headers = {};
  for (const line of head.replace(/\r?\n[ \t]+/g, ' ').split(/\r?\n/)) {
    const at = line.indexOf(':');
    if (at > 0) headers[line.slice(0, at).trim().toLowerCase()] = line.slice(at + 1).trim();
  }
  let body = rest.join('\r\n\r\n');
  const encoding = (headers['content-transfer-encoding'] || '').toLowerCase();
  if (encoding === 'quoted-printable') body = decodeQuotedPrintable(body);
  if (encoding === 'base64') body = Buffer.from(body.replace(/\s+/g, ''), 'base64').toString('utf8');
  let subject = headers.subject || '';
  // RFC 2047 encoded words (a subject with non-ASCII characters).
  subject = subject.replace(/=\?utf-8\?([bq])\?([^?]*)\?=/gi, (_, kind, text) => (kind.toLowerCase() === 'b'
    ? Buffer.from(text, 'base64').toString('utf8')
    : decodeQuotedPrintable(text.replace(/_/g, ' '))));
  return { from: envelope.from, to: envelope.to, subject, headers, body, raw };
}

/**
 * A tiny SMTP server on 127.0.0.1 that accepts every message and keeps it: what `portal serve`
 * sends through PORTAL_SMTP_URL arrives here. Speaks just enough SMTP for a client without TLS
 * (EHLO/HELO, MAIL, RCPT, DATA, RSET, NOOP, QUIT).
 */
async function startMailSink() {
  const messages = [];
  const waiters = [];
  const deliver = (message) => {
    messages.push(message);
    for (const w of [...waiters]) {
      if (w.match(message)) {
        waiters.splice(waiters.indexOf(w), 1);
        w.resolve(message);
      }
    }
  };
  const server = net.createServer((socket) => {
    socket.setEncoding('latin1');
    let buffer = '';
    let envelope = { from: '', to: [] };
    let inData = false;
    const reply = (line) => socket.write(`${line}\r\n`);
    reply('220 mail-sink.e2e.test ESMTP');
    socket.on('data', (chunk) => {
      buffer += chunk;
      for (;;) {
        if (inData) {
          const end = buffer.indexOf('\r\n.\r\n');
          if (end < 0) return;
          const raw = Buffer.from(buffer.slice(0, end), 'latin1').toString('utf8').replace(/^\.\./gm, '.');
          buffer = buffer.slice(end + 5);
          inData = false;
          deliver(parseMessage(envelope, raw));
          envelope = { from: '', to: [] };
          reply('250 2.0.0 queued');
          continue;
        }
        const eol = buffer.indexOf('\r\n');
        if (eol < 0) return;
        const line = buffer.slice(0, eol);
        buffer = buffer.slice(eol + 2);
        const verb = line.slice(0, 4).toUpperCase();
        if (verb === 'EHLO') { reply('250-mail-sink.e2e.test'); reply('250-8BITMIME'); reply('250 SMTPUTF8'); }
        else if (verb === 'HELO') reply('250 mail-sink.e2e.test');
        else if (verb === 'MAIL') { envelope = { from: (/<([^>]*)>/.exec(line) || [])[1] || '', to: [] }; reply('250 2.1.0 ok'); }
        else if (verb === 'RCPT') { envelope.to.push(((/<([^>]*)>/.exec(line) || [])[1] || '').toLowerCase()); reply('250 2.1.5 ok'); }
        else if (verb === 'DATA') { inData = true; reply('354 end with <CRLF>.<CRLF>'); }
        else if (verb === 'RSET') { envelope = { from: '', to: [] }; reply('250 2.0.0 ok'); }
        else if (verb === 'NOOP') reply('250 2.0.0 ok');
        else if (verb === 'QUIT') { reply('221 2.0.0 bye'); socket.end(); return; }
        else reply('502 5.5.2 not implemented');
      }
    });
    socket.on('error', () => {});
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: server.address().port,
    messages,
    /** The first message to `to` (already received or still to come), optionally matching `filter`. */
    waitFor(to, { timeout = 15_000, filter = () => true } = {}) {
      const match = (m) => m.to.includes(to.toLowerCase()) && filter(m);
      const found = messages.find(match);
      if (found) return Promise.resolve(found);
      return new Promise((resolve, reject) => {
        const waiter = { match, resolve };
        waiters.push(waiter);
        setTimeout(() => {
          const at = waiters.indexOf(waiter);
          if (at >= 0) {
            waiters.splice(at, 1);
            reject(new Error(`no mail to ${to} within ${timeout} ms (received: ${messages.map((m) => m.to.join(',')).join('; ') || 'none'})`));
          }
        }, timeout);
      });
    },
    close: () => new Promise((resolve) => server.close(resolve)),
  };
}

/** Runs `portal admin create-admin` for ROOT against the server's storage. */
function createRootAdmin(env, dataDir) {
  execFileSync(portalBinary(), ['admin', 'create-admin', '--email', ROOT.email, '--name', ROOT.name, '--password-stdin', '--data-dir', dataDir], {
    env, input: `${ROOT.password}\n`, stdio: ['pipe', 'pipe', 'pipe'],
  });
}

/**
 * Starts `portal serve` on a free port (with ROOT as its instance administrator, and with its mail
 * going to an SMTP sink when `withMail`); resolves when it logs its address.
 */
async function startServer(backend, workerIndex, withMail) {
  const dataDir = mkdtempSync(path.join(tmpdir(), `portal-e2e-${backend}-`));
  const mail = withMail ? await startMailSink() : null;
  const port = await freePort();
  const env = {
    ...process.env,
    PORTAL_DATA_DIR: dataDir,
    PORTAL_BIND: `127.0.0.1:${port}`,
    // Links in mail point at this very server.
    PORTAL_PUBLIC_URL: `http://127.0.0.1:${port}`,
    PORTAL_LOG_FORMAT: 'json',
  };
  delete env.PORTAL_WEB_DIR;
  delete env.PORTAL_SMTP_URL;
  if (mail) env.PORTAL_SMTP_URL = `smtp://127.0.0.1:${mail.port}`;
  let dbName = null;
  if (backend === 'postgres') {
    dbName = `e2e_${Date.now()}_${workerIndex}_${Math.floor(Math.random() * 1e6)}`;
    psql(`CREATE DATABASE ${dbName}`);
    env.DATABASE_URL = pgAdminUrl().replace(/\/[^/]*$/, `/${dbName}`);
  } else {
    delete env.DATABASE_URL;
  }
  createRootAdmin(env, dataDir);
  const child = spawn(portalBinary(), ['serve', '--bind', `127.0.0.1:${port}`], { env, stdio: ['ignore', 'pipe', 'pipe'] });
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
    url, backend, logs, dataDir, mail,
    async stop() {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await exited;
      if (mail) await mail.close();
      rmSync(dataDir, { recursive: true, force: true });
      if (dbName) psql(`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`);
    },
  };
}

/**
 * Collects what a page logs as errors: uncaught exceptions and console errors, except failed API
 * answers whose status is in `allowed` (Chromium logs every 4xx as a console error).
 */
export function watchErrors(page, allowed = []) {
  const errors = [];
  const expected = (m) => {
    const status = /^Failed to load resource: the server responded with a status of (\d+)/.exec(m.text());
    const url = m.location()?.url || '';
    return !!status && allowed.includes(Number(status[1])) && /^https?:\/\/[^/]+\/api\//.test(url);
  };
  page.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`));
  page.on('console', (m) => { if (m.type() === 'error' && !expected(m)) errors.push(`console: ${m.text()}`); });
  return errors;
}

export const test = base.extend({
  backend: ['sqlite', { option: true, scope: 'worker' }],
  // Whether the worker's server sends its mail to an SMTP sink (`mail`); otherwise mail is logged.
  mailSink: [false, { option: true, scope: 'worker' }],
  server: [async ({ backend, mailSink }, use, workerInfo) => {
    const server = await startServer(backend, workerInfo.workerIndex, mailSink);
    await use(server);
    await server.stop();
  }, { scope: 'worker', timeout: 60_000 }],
  baseURL: async ({ server }, use) => { await use(server.url); },
  // HTTP statuses of API answers that a test provokes on purpose (the 401 that asks for the second
  // step of a sign-in, a refused refresh token): Chromium logs every such answer as a console
  // error. Only answers from /api/ with these statuses are let through; everything else still fails.
  allowedApiErrors: [[], { option: true }],
  // The mail the server sent, received by the worker's SMTP sink (`test.use({ mailSink: true })`).
  mail: async ({ server }, use) => {
    if (!server.mail) throw new Error('this test needs `test.use({ mailSink: true })`');
    await use(server.mail);
  },
  page: async ({ page, allowedApiErrors }, use, testInfo) => {
    const errors = watchErrors(page, allowedApiErrors);
    await use(page);
    if (errors.length) await testInfo.attach('browser-errors', { body: errors.join('\n') });
    expect(errors, 'the page logged no errors').toEqual([]);
  },
});

export { expect };
