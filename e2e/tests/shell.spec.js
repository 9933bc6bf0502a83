// The portal shell: it loads its WASM, asks the server who it is, and shows it.
import { test, expect } from '../fixtures.js';

test('the portal shows the server version and backend', async ({ page, request, backend }) => {
  const meta = await (await request.get('/api/v1/meta')).json();
  expect(meta.backend).toBe(backend);
  await page.goto('/');
  await expect(page).toHaveTitle(/Provider Portal/);
  await expect(page.getByTestId('server-version')).toHaveText(meta.version);
  await expect(page.getByTestId('server-backend')).toHaveText(backend === 'sqlite' ? 'SQLite' : 'PostgreSQL');
});

test('client-side routes load directly and unknown ones say so', async ({ page }) => {
  await page.goto('/sign-in');
  await expect(page.getByRole('heading', { name: /sign in/i })).toBeVisible();
  await page.goto('/no/such/page');
  await expect(page.getByRole('heading', { name: /page not found/i })).toBeVisible();
  await page.getByRole('link', { name: /home/i }).first().click();
  await expect(page).toHaveURL(/\/$/);
});

test('the API docs render offline from local assets', async ({ page, context, baseURL }) => {
  // Any request that leaves the server under test is cut off and fails the test.
  const external = [];
  await context.route((url) => !url.href.startsWith(baseURL), (route) => {
    external.push(route.request().url());
    return route.abort();
  });
  await page.goto('/docs/');
  await expect(page.locator('.swagger-ui .info .title')).toContainText('Provider Portal API');
  await expect(page.locator('.opblock-summary-path').first()).toBeVisible();
  expect(external).toEqual([]);
});
