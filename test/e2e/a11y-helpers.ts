/**
 * The accessibility gate's steps: axe-core on whatever the window shows
 * (WCAG 2.1 A and AA rules), and a way to wait until a page has finished
 * loading so axe sees real rows, not skeletons.
 */
import AxeBuilder from '@axe-core/playwright';
import { expect, type AppHandle } from './fixtures';
import type { Simulator } from '../fakes/apple-simulator';
import type { Page } from '@playwright/test';

export async function expectNoAxeViolations(page: Page, where: string): Promise<void> {
  const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
  const found = results.violations.map(
    (v) =>
      `${where}: ${v.id} (${v.impact ?? 'n/a'}) ${v.help}: ${v.nodes
        .slice(0, 4)
        .map((n) => `${n.target.join(' ')} ${n.failureSummary ?? ''}`.replace(/\s+/g, ' '))
        .join(' | ')}`,
  );
  expect(found).toEqual([]);
}

export async function openPage(page: Page, name: string): Promise<void> {
  await page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name, exact: true }).click();
  await settle(page);
}

/** Waits for the page's heading, and for every table and list to have loaded. */
export async function settle(page: Page): Promise<void> {
  await expect(page.locator('main h1').first()).toBeVisible();
  await expect(page.locator('.skeleton')).toHaveCount(0);
  await expect(page.locator('main [aria-busy="true"]')).toHaveCount(0);
}

/** A token, a sync and a deployment with every state, through the CLI: the window then has something on each page. */
export async function seed(app: AppHandle, sim: Simulator, token: string): Promise<void> {
  const steps = [
    ['token', 'import', token, '--apple-id', 'it-admin@example.edu', '--name', 'Main campus', '--accept-account-lock'],
    ['sync'],
  ];
  for (const args of steps) {
    const res = await app.cli(args);
    expect(res.code, res.stderr).toBe(0);
  }
  const asset = sim.listAssets().find((a) => a.productType === 'App' && a.availableCount >= 2);
  if (!asset) throw new Error('The demo organisation has no app with licenses left.');
  const users = [
    ...sim.usersByStatus('Associated', 3).map((u) => u.clientUserId),
    ...sim.usersByStatus('Registered', 2).map((u) => u.clientUserId),
  ];
  const res = await app.cli([
    'deploy',
    asset.adamId,
    '--pricing',
    asset.pricingParam,
    '--users',
    users.join(','),
    '--action',
    'required',
  ]);
  expect([0, 1], res.stderr).toContain(res.code);
}
