/**
 * 200,000 rows stay smooth: the Deployments and Users tables keep only the
 * visible rows in the DOM, jump to the middle and the end without stalling,
 * and filter and sort through core in well under a second. Frame times
 * while scrolling are measured in the page and printed.
 */
import fs from 'node:fs/promises';
import path from 'node:path';
import { expect, shoot, test, tokenFile } from './fixtures';
import { importWithCli } from './ui-helpers';
import type { Page } from '@playwright/test';

const ROWS = 200_000;
test.use({ simOptions: { seed: 11, users: ROWS, apps: 40, assignments: 2_000, pageSize: 1_000 } });

interface FrameStats {
  frames: number;
  p95: number;
  max: number;
}

/** Scrolls the table from top to bottom in wheel-sized steps while recording frame intervals. */
async function scrollAndMeasure(page: Page, tableName: string): Promise<FrameStats> {
  return page.getByRole('table', { name: tableName }).evaluate(async (el) => {
    const gaps: number[] = [];
    let last = performance.now();
    let running = true;
    const tick = (now: number) => {
      gaps.push(now - last);
      last = now;
      if (running) requestAnimationFrame(tick);
    };
    requestAnimationFrame(tick);
    // A fast flick: 120 steps of 1,200 px, one per frame, then jumps across the whole list.
    for (let i = 0; i < 120; i++) {
      el.scrollTop += 1_200;
      await new Promise((r) => requestAnimationFrame(r));
    }
    for (const f of [0.25, 0.5, 0.75, 1]) {
      el.scrollTop = (el.scrollHeight - el.clientHeight) * f;
      // Dwell a few frames on each spot (frames, not milliseconds: this measures, it does not wait for anything).
      for (let k = 0; k < 8; k++) await new Promise((r) => requestAnimationFrame(r));
    }
    running = false;
    const sorted = gaps.slice(1).sort((a, b) => a - b);
    return {
      frames: sorted.length,
      p95: sorted[Math.floor(sorted.length * 0.95)] ?? 0,
      max: sorted[sorted.length - 1] ?? 0,
    };
  });
}

/** aria-rowindex of the first row on screen that shows data (not a loading placeholder); 0 if none yet. */
function filledRowIndex(page: Page, tableName: string): Promise<number> {
  return page.getByRole('table', { name: tableName }).evaluate((el) => {
    const box = el.getBoundingClientRect();
    const top = box.top + 36;
    for (const row of el.querySelectorAll<HTMLElement>('.tbody > [role=row]')) {
      const r = row.getBoundingClientRect();
      const onScreen = r.bottom > top && r.top < box.bottom;
      if (onScreen && !row.querySelector('.skeleton')) return Number(row.getAttribute('aria-rowindex'));
    }
    return 0;
  });
}

async function scrollTo(page: Page, tableName: string, fraction: number): Promise<void> {
  await page.getByRole('table', { name: tableName }).evaluate((el, f) => {
    el.scrollTop = (el.scrollHeight - el.clientHeight) * f;
  }, fraction);
}

test('200,000 deployments and users scroll, filter and sort smoothly', async ({ page, app, sim }) => {
  test.setTimeout(240_000);
  await importWithCli(app, await tokenFile(sim, app.home));
  const sync = await app.cli(['sync', '--json']);
  expect(sync.code, sync.stderr).toBe(0);

  // One Required deployment of one app to every user: 200,000 (app, user) rows.
  const users = JSON.parse((await app.cli(['users', '--json'])).stdout) as Array<{ clientUserId: string }>;
  expect(users).toHaveLength(ROWS);
  const adamId = (JSON.parse((await app.cli(['apps', '--json'])).stdout) as Array<{ adamId: string }>)[0]?.adamId ?? '';
  for (const [i, half] of [users.slice(0, ROWS / 2), users.slice(ROWS / 2)].entries()) {
    const file = path.join(app.home, `users-${i}.txt`);
    await fs.writeFile(file, half.map((u) => u.clientUserId).join('\n'));
    const run = await app.cli(['deploy', adamId, '--users', `@${file}`, '--action', 'required', '--json']);
    // Exit 1 means some users failed (far more users than licenses): expected here.
    expect([0, 1], run.stderr).toContain(run.code);
    expect((JSON.parse(run.stdout) as { rows: unknown[] }).rows).toHaveLength(ROWS / 2);
  }

  await page.goto(`${app.url}#/deployments`);
  const table = page.getByRole('table', { name: 'Deployments' });
  await expect(page.getByTestId('deployments-count')).toHaveText('200,000 rows');
  await expect(table).toHaveAttribute('aria-rowcount', String(ROWS + 1));
  // Virtualised: a screenful of rows in the DOM, not 200,000.
  expect(await table.getByRole('row').count()).toBeLessThan(80);

  const stats = await scrollAndMeasure(page, 'Deployments');
  console.log(
    `Deployments, 200,000 rows: ${stats.frames} frames while scrolling, p95 ${stats.p95.toFixed(1)} ms, max ${stats.max.toFixed(1)} ms`,
  );
  // Printed, not asserted: a frame gap in headless Chromium beside a 200k-user simulator on a shared
  // machine says more about the machine than the app. Speed targets live in the bench (npm run bench).

  // Jump to the middle: the rows there arrive, filled in, with their real index.
  let jumped = Date.now();
  await scrollTo(page, 'Deployments', 0.5);
  await expect.poll(() => filledRowIndex(page, 'Deployments')).toBeGreaterThan(ROWS * 0.45);
  expect(await filledRowIndex(page, 'Deployments')).toBeLessThan(ROWS * 0.55);
  console.log(`Jump to the middle: ${Date.now() - jumped} ms until its rows were filled in`);
  await shoot(page, 'deployments-200k-middle');

  await scrollTo(page, 'Deployments', 1);
  await expect(table.locator(`[role=row][aria-rowindex="${ROWS + 1}"]`)).toContainText('Required');

  // Filter and sort go through core and come back fast.
  let started = Date.now();
  await page.getByRole('combobox', { name: 'Status' }).selectOption('failed');
  await expect(page.getByTestId('deployments-count')).toHaveText(/matching rows/);
  console.log(`Filter by status over 200,000 rows: ${Date.now() - started} ms to the new count`);
  started = Date.now();
  await table.getByRole('button', { name: 'User' }).click();
  await expect(table.getByRole('columnheader', { name: 'User' })).toHaveAttribute('aria-sort', 'ascending');
  await expect(table.locator('[role=row][aria-rowindex="2"]')).toContainText('Failed');
  console.log(`Sort by user: ${Date.now() - started} ms to the first row`);
  await shoot(page, 'deployments-200k-filtered');

  // The Users page at the same size.
  await page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: 'Users' }).click();
  await expect(page.getByTestId('users-count')).toHaveText('200,000 users');
  const userStats = await scrollAndMeasure(page, 'Users');
  console.log(
    `Users, 200,000 rows: ${userStats.frames} frames, p95 ${userStats.p95.toFixed(1)} ms, max ${userStats.max.toFixed(1)} ms`,
  );
  jumped = Date.now();
  await scrollTo(page, 'Users', 0.5);
  await expect.poll(() => filledRowIndex(page, 'Users')).toBeGreaterThan(ROWS * 0.45);
  console.log(`Users, jump to the middle: ${Date.now() - jumped} ms until its rows were filled in`);
  await shoot(page, 'users-200k-middle');
});
