// Accounts in the portal: register, sign out, sign in, two-step login, lock and unlock, session
// refresh. The master password is typed into the page only; the server log and the database must
// never see it (nor the authentication hash derived from it, which the server stores only hashed).
import { test, expect } from '../fixtures.js';
import crypto from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';

// The second step answers 401 (two-step-required); a spent refresh token answers 400.
test.use({ allowedApiErrors: [400, 401] });

/** RFC 4648 base32 (no padding) to bytes. */
function base32Decode(text) {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
  let bits = 0;
  let value = 0;
  const out = [];
  for (const ch of text.replace(/[\s=]/g, '').toUpperCase()) {
    const index = alphabet.indexOf(ch);
    if (index < 0) throw new Error(`not base32: ${ch}`);
    value = (value << 5) | index;
    bits += 5;
    if (bits >= 8) {
      out.push((value >>> (bits - 8)) & 0xff);
      bits -= 8;
    }
  }
  return Buffer.from(out);
}

/** The RFC 6238 code (HMAC-SHA1, 30 s steps, 6 digits) of `secret` for time step `step`. */
function totp(secret, step) {
  const counter = Buffer.alloc(8);
  counter.writeBigUInt64BE(BigInt(step));
  const digest = crypto.createHmac('sha1', base32Decode(secret)).update(counter).digest();
  const offset = digest[digest.length - 1] & 0x0f;
  const binary = ((digest[offset] & 0x7f) << 24) | (digest[offset + 1] << 16) | (digest[offset + 2] << 8) | digest[offset + 3];
  return String(binary % 1_000_000).padStart(6, '0');
}

const currentStep = () => Math.floor(Date.now() / 1000 / 30);

/** A new person: unique email and master password (so finding it anywhere means it leaked). */
function newPerson() {
  const tag = crypto.randomBytes(5).toString('hex');
  return {
    name: 'Ada Lovelace',
    email: `ada.${tag}@example.com`,
    password: `saffron quiver ${tag} mosaic orbit`,
  };
}

/** Every request body the page sends, to inspect afterwards. */
function recordRequests(page) {
  const bodies = [];
  page.on('request', (r) => { if (r.url().includes('/api/')) bodies.push({ url: r.url(), body: r.postData() || '' }); });
  return bodies;
}

async function register(page, person) {
  await page.goto('/register');
  await expect(page.getByRole('heading', { name: 'Create your account' })).toBeVisible();
  await page.getByLabel('Name').fill(person.name);
  await page.getByLabel('Email').fill(person.email);
  await page.getByLabel('Master password', { exact: true }).fill(person.password);
  await page.getByLabel('Confirm master password').fill(person.password);
  await page.getByRole('button', { name: 'Create account' }).click();
  await expect(page.getByTestId('greeting')).toContainText('Ada');
}

async function openUserMenu(page) {
  await page.getByTestId('user-menu').click();
}

async function signOut(page) {
  await openUserMenu(page);
  await page.getByRole('button', { name: 'Sign out' }).click();
  await expect(page).toHaveURL(/\/sign-in$/);
  await expect(page.getByText('You have signed out.')).toBeVisible();
}

async function fillSignIn(page, person) {
  await page.getByLabel('Email').fill(person.email);
  await page.getByLabel('Master password', { exact: true }).fill(person.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
}

test('register, sign in, enrol two-step login, sign in with a code, lock and unlock', async ({ page, server, backend }) => {
  test.setTimeout(150_000); // the second sign-in waits for a fresh TOTP step
  const person = newPerson();
  const requests = recordRequests(page);

  // Registration refuses a weak master password, with the estimator's feedback.
  await page.goto('/register');
  await page.getByLabel('Name').fill(person.name);
  await page.getByLabel('Email').fill(person.email);
  await page.getByLabel('Master password', { exact: true }).fill('ada lovelace');
  await expect(page.locator('.strength-summary')).toContainText(/too/i);
  await page.getByRole('button', { name: 'Create account' }).click();
  await expect(page.locator('#register-password-error')).toBeVisible();
  await expect(page.getByLabel('Master password', { exact: true })).toBeFocused();
  expect(requests.filter((r) => r.url.endsWith('/api/v1/accounts'))).toEqual([]);

  await register(page, person);
  await expect(page.getByTestId('account-email')).toHaveText(person.email);
  await expect(page.getByTestId('two-step-status')).toHaveText('Off');
  await expect(page.getByTestId('fingerprint')).toHaveText(/^(\d{5} ){5}\d{5}$/);
  const fingerprint = await page.getByTestId('fingerprint').textContent();

  // Nothing secret is kept where it outlives the tab, and keys are never stored.
  const stored = await page.evaluate(() => ({ local: JSON.stringify({ ...localStorage }), session: JSON.stringify({ ...sessionStorage }) }));
  expect(stored.local).not.toContain('token');
  expect(stored.session).toContain('refresh_token');
  for (const text of [stored.local, stored.session]) expect(text).not.toContain(person.password);

  await signOut(page);
  expect(await page.evaluate(() => sessionStorage.length)).toBe(0);

  // Sign in (no second step yet).
  await fillSignIn(page, person);
  await expect(page.getByTestId('greeting')).toContainText('Ada');
  await expect(page.getByTestId('fingerprint')).toHaveText(fingerprint);

  // Enrol an authenticator app.
  await openUserMenu(page);
  await page.getByRole('link', { name: 'Account settings' }).click();
  await expect(page.getByRole('heading', { name: 'Account settings' })).toBeVisible();
  await page.getByRole('button', { name: 'Turn on two-step login' }).click();
  await page.locator('#two-step-password').fill(person.password);
  await page.getByRole('button', { name: 'Continue' }).click();
  const secretText = page.getByTestId('totp-secret');
  await expect(secretText).toBeVisible();
  await expect(page.locator('svg.qr-code')).toBeVisible();
  const secret = (await secretText.textContent()).replace(/\s/g, '');
  expect(secret).toMatch(/^[A-Z2-7]{32}$/);
  const enrolStep = currentStep();
  await page.getByLabel('Code from the app').fill(totp(secret, enrolStep));
  await page.getByRole('button', { name: 'Turn on', exact: true }).click();
  await expect(page.getByTestId('recovery-code')).toHaveText(/^[A-Z2-9]{5}(-[A-Z2-9]{5}){4}$/);
  await page.getByRole('button', { name: 'I have saved it' }).click();
  await expect(page.getByTestId('two-step-state')).toHaveText('On');

  // Sign out, then sign in with the second step.
  await signOut(page);
  await fillSignIn(page, person);
  await expect(page.getByRole('heading', { name: 'Two-step login' })).toBeVisible();
  const code = page.getByLabel('Authentication code');
  await expect(code).toHaveAttribute('autocomplete', 'one-time-code');
  await expect(code).toBeFocused();
  // A code is good once: wait for the step after the one used at enrolment.
  while (currentStep() <= enrolStep) await page.waitForTimeout(500);
  await code.fill(totp(secret, currentStep()));
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('greeting')).toContainText('Ada');
  await expect(page.getByTestId('two-step-status')).toHaveText('On');

  // Lock: the keys go, the unlock card comes; a wrong password is caught without the server.
  await openUserMenu(page);
  await page.getByRole('button', { name: 'Lock now' }).click();
  await expect(page.getByRole('heading', { name: 'Your vault is locked' })).toBeVisible();
  await expect(page.getByTestId('fingerprint')).toHaveCount(0);
  const before = requests.length;
  await page.getByLabel('Master password', { exact: true }).fill(`${person.password}!`);
  await page.getByRole('button', { name: 'Unlock' }).click();
  await expect(page.getByText('The master password is not correct.')).toBeVisible();
  expect(requests.length).toBe(before);
  await page.getByLabel('Master password', { exact: true }).fill(person.password);
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('greeting')).toContainText('Ada');
  expect(requests.length).toBe(before);

  // A reload keeps the session (per tab) but not the keys: unlock again, no new sign-in.
  await page.reload();
  await expect(page.getByRole('heading', { name: 'Your vault is locked' })).toBeVisible();
  await expect(page.getByText(`Signed in as ${person.email}`)).toBeVisible();
  await page.getByLabel('Master password', { exact: true }).fill(person.password);
  await page.getByRole('button', { name: 'Unlock' }).click();
  await expect(page.getByTestId('fingerprint')).toHaveText(fingerprint);

  // The master password never left the page; the authentication hash went only to the API.
  for (const r of requests) expect(r.body).not.toContain(person.password);
  const signIn = requests.find((r) => r.url.endsWith('/api/v1/auth/token') && r.body.includes('"password"'));
  const authHash = JSON.parse(signIn.body).password;
  expect(authHash).toMatch(/^[A-Za-z0-9+/]{43}=$/);

  // Neither is in the server's log or (SQLite) in its database files.
  const logs = server.logs.join('');
  expect(logs).not.toContain(person.password);
  expect(logs).not.toContain(authHash);
  if (backend === 'sqlite') {
    const files = readdirSync(server.dataDir).map((f) => path.join(server.dataDir, f)).filter((f) => statSync(f).isFile());
    expect(files.some((f) => path.basename(f).endsWith('.db'))).toBe(true);
    for (const file of files) {
      const bytes = readFileSync(file);
      expect(bytes.includes(Buffer.from(person.password)), `${file} holds the master password`).toBe(false);
      expect(bytes.includes(Buffer.from(authHash)), `${file} holds the authentication hash`).toBe(false);
      expect(bytes.includes(Buffer.from(authHash, 'base64')), `${file} holds the raw authentication hash`).toBe(false);
    }
  }
});

test('a refused access token is refreshed once; a refused refresh token ends the session', async ({ page }) => {
  const person = newPerson();
  await register(page, person);

  // An access token the server refuses: the next call gets 401, refreshes, and goes through.
  await page.evaluate(() => {
    const key = 'provider-portal.session';
    const tokens = JSON.parse(sessionStorage.getItem(key));
    tokens.access_token = 'not-a-valid-token';
    sessionStorage.setItem(key, JSON.stringify(tokens));
  });
  const tokenCalls = [];
  page.on('request', (r) => { if (r.url().endsWith('/api/v1/auth/token')) tokenCalls.push(JSON.parse(r.postData()).grant_type); });
  await page.reload();
  await expect(page.getByText(`Signed in as ${person.email}`)).toBeVisible();
  expect(tokenCalls).toEqual(['refresh_token']);
  await page.getByLabel('Master password', { exact: true }).fill(person.password);
  await page.getByRole('button', { name: 'Unlock' }).click();
  await expect(page.getByTestId('greeting')).toContainText('Ada');

  // Both tokens refused: the session ends and the sign-in page says so.
  await page.evaluate(() => {
    const key = 'provider-portal.session';
    const tokens = JSON.parse(sessionStorage.getItem(key));
    tokens.access_token = 'not-a-valid-token';
    tokens.refresh_token = 'not-a-valid-refresh-token';
    sessionStorage.setItem(key, JSON.stringify(tokens));
  });
  await page.reload();
  await expect(page).toHaveURL(/\/sign-in/);
  await expect(page.getByText('Your session has ended. Sign in again to continue.')).toBeVisible();
  expect(await page.evaluate(() => sessionStorage.length)).toBe(0);

  // A page that needs the keys sends a signed-out visitor to sign in, and back after.
  await page.goto('/settings/account');
  await expect(page).toHaveURL(/\/sign-in\?next=%2Fsettings%2Faccount$/);
  await fillSignIn(page, person);
  await expect(page.getByRole('heading', { name: 'Account settings' })).toBeVisible();
  await expect(page).toHaveURL(/\/settings\/account$/);
});

test('the keys are dropped after the idle time chosen in the settings', async ({ page }) => {
  await page.clock.install();
  const person = newPerson();
  await register(page, person);
  await openUserMenu(page);
  await page.getByRole('link', { name: 'Account settings' }).click();
  await expect(page.getByLabel('Lock after inactivity')).toHaveValue('15');
  await page.getByLabel('Lock after inactivity').selectOption('1');
  // A preference of this browser: a number, not a secret.
  expect(await page.evaluate(() => localStorage.getItem('provider-portal.idle-lock-minutes'))).toBe('1');

  await page.clock.fastForward('00:50');
  await expect(page.getByRole('heading', { name: 'Account settings' })).toBeVisible();
  await page.clock.fastForward('00:20');
  await expect(page.getByRole('heading', { name: 'Your vault is locked' })).toBeVisible();
  await expect(page.getByText('Locked after 1 minute without activity.')).toBeVisible();
  await page.getByLabel('Master password', { exact: true }).fill(person.password);
  await page.getByRole('button', { name: 'Unlock' }).click();
  await expect(page.getByRole('heading', { name: 'Account settings' })).toBeVisible();
});
