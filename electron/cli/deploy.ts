/**
 * `vpp-desk deploy <adamId> --users <ids|@file> --action required|uninstall
 * [--pricing STDQ|PLUS] [--dry-run] [--json]`: waits for Apple's events and
 * prints each user's outcome; --dry-run prints the plan and sends nothing.
 */
import { DeployAction, PricingParam } from '../../shared/domain';
import { call, type Core } from '../core/app';
import { choice, parse, str } from './args';
import { readIdFile } from './id-file';
import { EXIT_FAILED, printJson, printLines, UsageError } from './output';
import { namedLines } from './plan-names';
import type { DeployPlan, RequestOf } from '../../shared/contract';
import type { SerialDeployPlan } from '../../shared/holders';

const USAGE =
  'usage: vpp-desk deploy <adamId> (--users <id,id,...|@file> | --serials <sn,sn,...|@file>) --action required|uninstall [--pricing STDQ|PLUS] [--register-lookalikes] [--dry-run] [--json]';

export async function readUserIds(spec: string, what = 'user ids'): Promise<string[]> {
  // A file is bounded and parsed as CSV exactly as the window parses it (cli/id-file.ts).
  if (spec.startsWith('@')) return readIdFile(spec.slice(1), what);
  const text = spec;
  // A list on the command line: commas and new lines both separate.
  const ids = text
    .split(/\r?\n/)
    .flatMap((line) => line.split(','))
    .map((id) => id.trim().replace(/^"|"$/g, ''))
    .filter((id) => id !== '' && !HEADERS.has(id.toLowerCase().replace(/[\s_-]/g, '')));
  if (ids.length === 0) throw new UsageError(`No ${what} given.`);
  return ids;
}

const HEADERS = new Set(['clientuserid', 'serialnumber', 'serial']);

/** Device licensing: the same plan-then-send as users, for serial numbers. */
async function deploySerials(
  core: Core,
  request: RequestOf<'deploy:serials-run'>,
  values: Record<string, string | boolean | undefined>,
): Promise<void> {
  if (values['dry-run'] === true) {
    const plan = await call(core.handlers, 'deploy:serials-plan', request);
    if (values.json === true) return printJson(plan);
    return printLines(serialPlanLines(plan));
  }
  const outcome = await call(core.handlers, 'deploy:serials-run', request);
  await core.stop();
  if (values.json === true) printJson(outcome);
  else
    printLines([
      ...serialPlanLines(outcome.plan),
      '',
      ...outcome.items.map((i) => `${i.serialNumber ?? ''}\t${i.outcome}${i.reason ? `\t${i.reason}` : ''}`),
    ]);
  if (outcome.items.some((i) => i.outcome === 'failed')) process.exitCode = EXIT_FAILED;
}

function serialPlanLines(p: SerialDeployPlan): string[] {
  const head = `${p.action === 'required' ? 'Required' : 'Uninstall'}: ${p.appName} (${p.adamId}, ${p.pricingParam}) for ${p.devices} device(s)`;
  if (p.action === 'uninstall') return [head, `  licenses to reclaim: ${p.willReclaim}`];
  return [
    head,
    `  available:          ${p.licensesAvailable}`,
    `  will assign now:    ${p.willAssign}`,
    `  already assigned:   ${p.alreadyAssigned}`,
    `  will fail:          ${p.willFail}`,
  ];
}

/** Ids and the adamId are checked by the contract (shared/contract.ts), as for every transport. */
export async function deployCommand(core: Core, args: string[]): Promise<void> {
  const { values, positionals } = parse(args, {
    users: { type: 'string' },
    serials: { type: 'string' },
    action: { type: 'string' },
    pricing: { type: 'string' },
    'dry-run': { type: 'boolean' },
    'register-lookalikes': { type: 'boolean' },
    json: { type: 'boolean' },
  });
  const adamId = positionals[0];
  if (!adamId || positionals.length > 1) throw new UsageError(`Name one app by its numeric adamId. ${USAGE}`);
  const action = choice(values.action, 'action', DeployAction.options, USAGE);
  if (!action) throw new UsageError(`--action must be required or uninstall. ${USAGE}`);
  const pricing = choice(values.pricing, 'pricing', PricingParam.options);
  const usersSpec = str(values.users);
  const serialsSpec = str(values.serials);
  if (usersSpec && serialsSpec) throw new UsageError(`Give --users or --serials, not both. ${USAGE}`);
  if (serialsSpec) {
    const serialNumbers = await readUserIds(serialsSpec, 'serial numbers');
    return deploySerials(
      core,
      { adamId, action, serialNumbers, ...(pricing ? { pricingParam: pricing } : {}) },
      values,
    );
  }
  if (!usersSpec) throw new UsageError(`--users is required (or --serials for devices). ${USAGE}`);
  const request = {
    adamId,
    action,
    clientUserIds: await readUserIds(usersSpec),
    ...(pricing ? { pricingParam: pricing } : {}),
    ...(values['register-lookalikes'] === true ? { registerLookalikes: true } : {}),
  };

  if (values['dry-run'] === true) {
    const plan = await call(core.handlers, 'deploy:plan', request);
    if (values.json === true) return printJson(plan);
    return printLines(planLines(plan));
  }
  const outcome = await call(core.handlers, 'deploy:run', request);
  await core.stop();
  if (values.json === true) printJson(outcome);
  else
    printLines([
      ...planLines(outcome.plan),
      '',
      ...outcome.rows.map((r) => `${r.clientUserId}\t${r.state}${r.reason ? `\t${r.reason}` : ''}`),
    ]);
  if (outcome.rows.some((r) => r.state === 'failed')) process.exitCode = EXIT_FAILED;
}

function planLines(p: DeployPlan): string[] {
  const head = `${p.action === 'required' ? 'Required' : 'Uninstall'}: ${p.appName} (${p.adamId}, ${p.pricingParam}) for ${p.users} user(s)`;
  if (p.action === 'uninstall')
    return [
      head,
      `  licenses to reclaim: ${p.willReclaim}`,
      ...(p.willReclaim > 0 ? [`  ${p.appName} leaves these users' devices once Apple reclaims the license.`] : []),
      ...namedLines(p),
    ];
  return [
    head,
    `  licenses needed:    ${p.licensesNeeded}`,
    `  available:          ${p.licensesAvailable}`,
    `  will assign now:    ${p.willAssign}`,
    `  already assigned:   ${p.alreadyAssigned}`,
    `  pending terms:      ${p.pendingTerms} (to register: ${p.toRegister})`,
    `  will fail:          ${p.willFail}`,
    ...namedLines(p),
  ];
}
