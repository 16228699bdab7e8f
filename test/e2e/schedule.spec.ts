/**
 * The Token page's sync schedule: twice a day by default, the next sync
 * time, the last runs with their outcome, and a changed interval that core
 * (and so the CLI and the scheduler) takes up.
 */
import fs from 'node:fs/promises';
import path from 'node:path';
import { expect, shoot, test } from './fixtures';
import { importWithCli } from './ui-helpers';

test('the Token page shows the schedule and recent syncs, and the interval can be changed', async ({
  page,
  app,
  sim,
}) => {
  const file = path.join(app.home, 'org.vpptoken');
  await fs.writeFile(file, sim.issueToken());
  await importWithCli(app, file);
  expect((await app.cli(['sync'])).code).toBe(0);

  await page.goto(app.url);
  await page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: 'Token' }).click();
  const card = page.getByRole('region', { name: 'Sync schedule' });
  const interval = card.getByRole('combobox', { name: 'How often VPP Desk syncs' });
  await expect(interval).toHaveValue('12');
  await expect(card.getByTestId('next-sync')).toContainText(/Next sync .* \(in (11|12) hours\)\./);
  const history = card.getByRole('table', { name: 'Recent syncs' });
  await expect(history.getByRole('row').nth(1)).toContainText('Command line');
  await expect(history.getByRole('row').nth(1)).toContainText('Done');
  await expect(history.getByRole('row').nth(1)).toContainText(/Full: \d+ apps, \d+ users, \d+ assignments/);

  await interval.selectOption('24');
  await expect(card.getByTestId('next-sync')).toContainText(/\(in (23|24) hours\)|\(tomorrow\)/);
  const shown = JSON.parse((await app.cli(['schedule', '--json'])).stdout) as { intervalHours: number };
  expect(shown.intervalHours).toBe(24);
  await shoot(page, 'token-schedule');
});
