// An organization's policies, API key and event log in the portal: a person registers, creates a
// standalone organization on the home page and invites a member from its Members tab, who accepts
// in a browser of their own (without two-step login). On the Policies tab the Owner sets the vault
// timeout (an out-of-range value gets the API's field error) and the master password
// requirements, then turns on "Require two-step login": the preview lists the accepted member,
// who is revoked once confirmed. On the API key tab they create a key (the secret is shown once
// and copied), rotate it and revoke it. The Events tab lists policy.updated and api_key.* rows and
// filters them by action.
import { test, expect, watchErrors } from '../fixtures.js';
import crypto from 'node:crypto';
import { mkdirSync } from 'node:fs';

// The out-of-range vault timeout is answered 422; Chromium logs it as a console error.
test.use({ mailSink: true, allowedApiErrors: [422] });

const SHOTS = '/tmp/shots-web2';
mkdirSync(SHOTS, { recursive: true });

const tag = crypto.randomBytes(4).toString('hex');
const OWNER = { name: 'Grace Hopper', email: `grace.${tag}@example.com`, password: `cobalt meadow ${tag} lantern quill` };
const MEMBER = { name: 'Ada Lovelace', email: `ada.${tag}@example.com`, password: `engine loom ${tag} analytic e2e` };

async function register(page, person) {
  if (!page.url().includes('/register')) await page.goto('/register');
  await expect(page.getByRole('heading', { name: 'Create your account' })).toBeVisible();
  await page.getByLabel('Name').fill(person.name);
  await page.getByLabel('Email').fill(person.email);
  await page.getByLabel('Master password', { exact: true }).fill(person.password);
  await page.getByLabel('Confirm master password').fill(person.password);
  await page.getByRole('button', { name: 'Create account' }).click();
}

/** The member accepts the mailed invitation in a browser of their own. */
async function accept(browser, mail, person) {
  const context = await browser.newContext();
  const page = await context.newPage();
  const errors = watchErrors(page);
  const invitation = await mail.waitFor(person.email);
  const link = /(https?:\/\/\S+\/invitations\/accept\?token=[\w-]+)/.exec(invitation.body)?.[1];
  expect(link, invitation.body).toBeTruthy();
  await page.goto(link);
  await page.getByRole('link', { name: 'Create an account' }).click();
  await register(page, person);
  await expect(page.getByRole('heading', { name: 'You joined Hopper Labs' })).toBeVisible({ timeout: 30_000 });
  expect(errors, `${person.email}'s page logged no errors`).toEqual([]);
  await context.close();
}

test('an Owner sets policies, manages the API key and reads the event log', async ({ page, browser, mail, baseURL }) => {
  test.setTimeout(240_000);
  await page.context().grantPermissions(['clipboard-read', 'clipboard-write'], { origin: baseURL });
  await page.setViewportSize({ width: 1360, height: 900 });
  await register(page, OWNER);
  await expect(page.getByTestId('greeting')).toContainText('Grace');

  // A standalone organization of their own, from the home page.
  const orgs = page.getByTestId('organizations-card');
  await orgs.getByRole('button', { name: 'New organization' }).click();
  const newOrg = page.getByRole('dialog', { name: 'New organization' });
  await newOrg.getByLabel('Name').fill('Hopper Labs');
  await newOrg.getByLabel('Seats', { exact: true }).fill('5');
  await newOrg.getByRole('button', { name: 'Create organization' }).click();
  await expect(newOrg).toHaveCount(0);
  await orgs.getByRole('link', { name: /Hopper Labs/ }).click();
  await expect(page.getByTestId('organization-name')).toHaveText('Hopper Labs');
  const orgUrl = new URL(page.url()).pathname;

  // Every section of the admin area is a real link for the Owner.
  const tabs = page.getByRole('navigation', { name: 'Organization sections' });
  for (const name of ['Members', 'Groups', 'Collections', 'Policies', 'Events', 'API key', 'Settings']) {
    await expect(tabs.getByRole('link', { name, exact: true })).toBeVisible();
  }

  // A member without two-step login: invited from the Members tab, accepts elsewhere.
  await tabs.getByRole('link', { name: 'Members' }).click();
  const members = page.getByTestId('organization-members');
  await members.getByRole('button', { name: 'Invite members' }).click();
  const invite = page.getByRole('dialog', { name: 'Invite members' });
  await invite.getByLabel('Email addresses').fill(MEMBER.email);
  await invite.getByRole('button', { name: 'Send invitations' }).click();
  await expect(invite).toHaveCount(0);
  await accept(browser, mail, MEMBER);

  // Policies: six cards, all off.
  await tabs.getByRole('link', { name: 'Policies' }).click();
  await expect(page).toHaveURL(new RegExp(`${orgUrl}/policies$`));
  const policies = page.getByTestId('organization-policies');
  await expect(policies.locator('form.policy-card')).toHaveCount(6);
  await page.screenshot({ path: `${SHOTS}/01-policies.png`, fullPage: true });

  // The vault timeout: out of range, the API's message shows by the field, which takes focus.
  const timeout = page.getByTestId('policy-vault_timeout');
  await timeout.getByRole('switch').check();
  await timeout.getByLabel('Timeout in minutes').fill('20000');
  await timeout.getByRole('button', { name: 'Save' }).click();
  await expect(page.locator('#policy-vt-minutes-error')).toBeVisible();
  await expect(timeout.getByLabel('Timeout in minutes')).toBeFocused();
  await timeout.screenshot({ path: `${SHOTS}/02-vault-timeout-error.png` });
  await timeout.getByLabel('Timeout in minutes').fill('30');
  await expect(page.locator('#policy-vt-minutes-error')).toHaveCount(0);
  await timeout.getByLabel('When it runs out').selectOption('log_out');
  const put = page.waitForRequest((r) => r.method() === 'PUT' && r.url().endsWith('/policies/vault_timeout'));
  await timeout.getByRole('button', { name: 'Save' }).click();
  expect(JSON.parse((await put).postData())).toEqual({
    enabled: true, options: { type: 'vault_timeout', minutes: 30, action: 'log_out' }, confirm_revocations: false,
  });
  await expect(page.getByTestId('policy-vault_timeout-saved')).toHaveText('Saved.');

  // Master password requirements, from the keyboard: the switch toggles with Space.
  const master = page.getByTestId('policy-master_password');
  await master.getByRole('switch').focus();
  await page.keyboard.press('Space');
  await expect(master.getByRole('switch')).toBeChecked();
  await master.getByLabel('Minimum length').fill('14');
  await master.getByLabel('Minimum strength').selectOption('3');
  await master.getByLabel('Digit', { exact: true }).check();
  await master.getByRole('button', { name: 'Save' }).click();
  await expect(page.getByTestId('policy-master_password-saved')).toHaveText('Saved.');

  // Someone invited now meets those requirements on the registration page, before any account.
  const sections = page.getByRole('navigation', { name: 'Organization sections' });
  await sections.getByRole('link', { name: 'Members', exact: true }).click();
  await page.getByTestId('organization-members').getByRole('button', { name: 'Invite members' }).click();
  const inviteDialog = page.getByRole('dialog', { name: 'Invite members' });
  const LIN = `lin.${tag}@example.com`;
  await inviteDialog.getByLabel('Email addresses').fill(LIN);
  await inviteDialog.getByRole('button', { name: 'Send invitations' }).click();
  await expect(inviteDialog).toHaveCount(0);
  {
    const context = await browser.newContext();
    const invited = await context.newPage();
    const mailed = await mail.waitFor(LIN);
    await invited.goto(/(https?:\/\/\S+\/invitations\/accept\?token=[\w-]+)/.exec(mailed.body)[1]);
    await invited.getByRole('link', { name: 'Create an account' }).click();
    await expect(invited.getByTestId('password-requirements')).toContainText('at least 14 characters');
    await expect(invited.getByTestId('password-requirements')).toContainText('a digit');
    await invited.getByLabel('Name').fill('Lin');
    await invited.getByLabel('Email').fill(LIN);
    const noDigit = 'copper violin meadow lotus swift harbor';
    await invited.getByLabel('Master password', { exact: true }).fill(noDigit);
    await invited.getByLabel('Confirm master password').fill(noDigit);
    await invited.getByRole('button', { name: 'Create account' }).click();
    await expect(invited.locator('#register-password-error')).toHaveText('Your organization requires a digit.');
    await context.close();
  }
  await sections.getByRole('link', { name: 'Policies', exact: true }).click();

  // Require two-step login: the preview lists the accepted member; confirming revokes them.
  const twoStep = page.getByTestId('policy-require_two_step_login');
  await twoStep.getByRole('switch').check();
  await twoStep.getByRole('button', { name: 'Save' }).click();
  const confirm = page.getByRole('dialog', { name: 'Revoke 1 member?' });
  await expect(confirm.getByTestId('policy-revocation')).toHaveCount(1);
  await expect(confirm.getByTestId('policy-revocation')).toContainText(MEMBER.email);
  await expect(confirm.getByTestId('policy-revocation')).toContainText('Has no two-step login');
  await expect(confirm).not.toContainText(OWNER.email);
  await page.waitForTimeout(400); // the dialog's fade-in, for the screenshot
  await page.screenshot({ path: `${SHOTS}/03-revocation-preview.png` });
  const confirmed = page.waitForRequest((r) => r.method() === 'PUT' && r.url().endsWith('/policies/require_two_step_login'));
  await confirm.getByTestId('policy-revocations-confirm').click();
  expect(JSON.parse((await confirmed).postData()).confirm_revocations).toBe(true);
  await expect(confirm).toHaveCount(0);
  await expect(page.getByTestId('policy-require_two_step_login-saved')).toHaveText('Saved.');
  await page.screenshot({ path: `${SHOTS}/04-policies-saved.png`, fullPage: true });

  // The API key: empty at first; created with a name and scope, its secret shown once.
  await tabs.getByRole('link', { name: 'API key' }).click();
  await expect(page.getByTestId('api-key-explain')).toContainText('never opens the vault');
  await expect(page.getByTestId('api-key-empty')).toContainText('No API key yet');
  await page.screenshot({ path: `${SHOTS}/05-api-key-empty.png`, fullPage: true });
  await page.getByTestId('api-key-create').click();
  const create = page.getByRole('dialog', { name: 'Create API key' });
  await create.getByRole('button', { name: 'Create API key' }).click();
  await expect(create.locator('#api-key-name-error')).toHaveText('Name the integration this key is for.');
  await create.getByLabel('Name').fill('PSA sync');
  await create.getByRole('radio', { name: /^Read and write/ }).check();
  await create.getByRole('button', { name: 'Create API key' }).click();
  const shown = page.getByRole('dialog', { name: 'Your API key' });
  await expect(shown).toContainText('shown only this once');
  const secret = (await shown.getByTestId('api-key-secret').textContent()).trim();
  expect(secret.length).toBeGreaterThan(20);
  await page.waitForTimeout(400);
  await page.screenshot({ path: `${SHOTS}/06-api-key-secret.png` });
  await shown.getByRole('button', { name: /^Copy\s+client secret/ }).click();
  await expect(shown.getByRole('button', { name: /^Copied/ })).toBeVisible();
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(secret);
  await shown.getByRole('button', { name: 'I have stored it' }).click();
  await expect(shown).toHaveCount(0);
  const details = page.getByTestId('api-key-details');
  await expect(details.getByTestId('api-key-name')).toHaveText('PSA sync');
  await expect(details.getByTestId('api-key-scope')).toHaveText('Read and write');
  await expect(details.getByTestId('api-key-rotated')).toHaveText('Never');
  await expect(details).not.toContainText(secret);
  await page.screenshot({ path: `${SHOTS}/07-api-key.png`, fullPage: true });

  // Rotate: confirmed, a new secret shown once.
  await details.getByTestId('api-key-rotate').click();
  const rotate = page.getByRole('dialog', { name: "Rotate the API key's secret?" });
  await rotate.getByRole('button', { name: 'Rotate secret' }).click();
  const rotated = page.getByRole('dialog', { name: 'The new secret' });
  const secret2 = (await rotated.getByTestId('api-key-secret').textContent()).trim();
  expect(secret2).not.toBe(secret);
  await page.keyboard.press('Escape');
  await expect(rotated).toHaveCount(0);
  await expect(details.getByTestId('api-key-rotated')).not.toHaveText('Never');

  // Revoke: confirmed, back to the empty state.
  await details.getByTestId('api-key-revoke').click();
  const revoke = page.getByRole('dialog', { name: 'Revoke the API key?' });
  await revoke.getByRole('button', { name: 'Revoke key' }).click();
  await expect(revoke).toHaveCount(0);
  await expect(page.getByTestId('api-key-empty')).toBeVisible();

  // The event log: the policy changes, the revocation and the key's life.
  await tabs.getByRole('link', { name: 'Events' }).click();
  await expect(page).toHaveURL(new RegExp(`${orgUrl}/events$`));
  const log = page.getByTestId('organization-events');
  const rows = log.getByTestId('event-row');
  await expect(rows.filter({ hasText: 'Turned on Require two-step login (1 member revoked)' })).toHaveCount(1);
  await expect(log.locator('[data-action="policy.updated"]')).toHaveCount(3);
  await expect(log.locator('[data-action="member.revoked"]')).toContainText(MEMBER.email);
  for (const action of ['api_key.created', 'api_key.rotated', 'api_key.revoked']) {
    await expect(log.locator(`[data-action="${action}"]`)).toHaveCount(1);
  }
  await page.screenshot({ path: `${SHOTS}/08-events.png`, fullPage: true });
  await log.getByLabel('Action').selectOption('api_key.');
  await expect(rows).toHaveCount(3);
  await expect(log.locator('[data-action="policy.updated"]')).toHaveCount(0);
  await log.getByLabel('Action').selectOption('policy.updated');
  await expect(rows).toHaveCount(3);
  await log.getByLabel('By').selectOption({ label: MEMBER.email });
  await expect(log.getByTestId('events-empty')).toContainText('No events match these filters');
  await page.screenshot({ path: `${SHOTS}/09-events-filtered-empty.png`, fullPage: true });
  await log.getByRole('button', { name: 'Clear filters' }).first().click();
  await expect(rows.first()).toBeVisible();
});
