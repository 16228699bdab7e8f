/** `vpp-desk token import|status|remove` */
import { VppError } from '../../shared/errors';
import { MAX_TOKEN_FILE_BYTES } from '../../shared/limits';
import { call, type Core } from '../core/app';
import { parse, str } from './args';
import { printJson, printLines, UsageError } from './output';
import { readBounded } from './read-bounded';
import { formatDate } from './table';
import type { TokenStatus } from '../../shared/domain';

const USAGE =
  'usage: vpp-desk token import <file> --apple-id <id> [--name <label>] --accept-account-lock [--take-over] [--accept-earlier-expiry] [--json] | token status [--json] | token remove';

export async function tokenCommand(core: Core, args: string[]): Promise<void> {
  const [sub, ...rest] = args;
  switch (sub) {
    case 'import':
      return importToken(core, rest);
    case 'status': {
      const { values } = parse(rest, { json: { type: 'boolean' } });
      return show(await call(core.handlers, 'token:status', {}), values.json === true);
    }
    case 'remove': {
      const { values } = parse(rest, { json: { type: 'boolean' } });
      return show(await call(core.handlers, 'token:remove', {}), values.json === true);
    }
    default:
      throw new UsageError(USAGE);
  }
}

async function importToken(core: Core, args: string[]): Promise<void> {
  const { values, positionals } = parse(args, {
    'apple-id': { type: 'string' },
    name: { type: 'string' },
    'accept-account-lock': { type: 'boolean' },
    'take-over': { type: 'boolean' },
    'accept-earlier-expiry': { type: 'boolean' },
    json: { type: 'boolean' },
  });
  const file = positionals[0];
  const appleId = str(values['apple-id']);
  if (!file || positionals.length > 1) throw new UsageError(`Name one token file. ${USAGE}`);
  if (!appleId) throw new UsageError('--apple-id is required: the Apple ID of the account that downloaded the token.');
  if (values['accept-account-lock'] !== true) {
    throw new UsageError(
      'Add --accept-account-lock to confirm: one Apple account per install, and it cannot be changed later. Make sure more than one person knows the account.',
    );
  }
  // Bounded: a wrong path (/dev/zero, a disk image) is refused, not read whole.
  const read = await readBounded(file, MAX_TOKEN_FILE_BYTES);
  if (!read.ok && read.why === 'too-large') {
    throw new UsageError(
      `The token file "${file}" is larger than 64 KiB; a .vpptoken is a few hundred bytes. Pick the file downloaded from Apple Business Manager.`,
    );
  }
  if (!read.ok) throw new UsageError(`Cannot read the token file "${file}".`);
  const fileContent = read.text;
  const request = {
    fileContent,
    appleId,
    label: str(values.name) ?? '',
    acceptAccountLock: true,
    allowTakeover: values['take-over'] === true,
    acceptEarlierExpiry: values['accept-earlier-expiry'] === true,
  };
  const status = await call(core.handlers, 'token:import', request).catch((err: unknown) => {
    // Core's sentence says "confirm"; at a prompt the confirmation is a flag, so name it.
    if (err instanceof VppError && err.code === 'TOKEN_EXPIRES_SOONER')
      throw new VppError(err.code, `${err.message} To replace it anyway: add --accept-earlier-expiry.`);
    throw err;
  });
  show(status, values.json === true);
}

function show(status: TokenStatus, json: boolean): void {
  if (json) return printJson(status);
  if (status.state === 'none')
    return printLines([
      'No VPP token uploaded. Run: vpp-desk token import <file> --apple-id <id> --accept-account-lock',
    ]);
  printLines([
    `State:         ${status.state}`,
    `Label:         ${status.label ?? ''}`,
    `Organisation:  ${status.orgName ?? ''}`,
    `Location:      ${status.locationName ?? ''} (${status.uId ?? ''})`,
    `Apple ID:      ${status.appleId ?? ''}`,
    `Expires:       ${formatDate(status.expiresAt)} (${status.daysLeft ?? '?'} days left)`,
    `Last updated:  ${formatDate(status.lastUpdatedAt)}`,
    `Last synced:   ${formatDate(status.lastSyncAt, 'never')}`,
  ]);
}
