/**
 * `vpp-desk`: the same contract as the window, for automation and scripted
 * checks. Results on stdout (JSON with --json), one-line messages on stderr,
 * exit 0 on success, 1 when an operation failed, 2 for bad usage or input,
 * 3 from `alerts` when any app is low on licenses.
 */
import { commandFor } from './cli/commands';
import { EXIT_OK, EXIT_USAGE, exitCodeFor, messageFor, UsageError } from './cli/output';
import { createCore, logCoreEvents, openLog, resolveConfig } from './core/app';

const HELP = `VPP Desk command line

  vpp-desk token import <file> --apple-id <id> [--name <label>] --accept-account-lock [--take-over] [--accept-earlier-expiry] [--json]
                                      a renewal expiring sooner than the installed token is refused without --accept-earlier-expiry
  vpp-desk token status [--json]
  vpp-desk token remove
  vpp-desk sync [--full] [--json]
  vpp-desk schedule [--every <hours>] [--json]
  vpp-desk apps [--json]
  vpp-desk users [--json]
  vpp-desk assignments [--json]
  vpp-desk deploy <adamId> --users <id,id,...|@file> --action required|uninstall [--pricing STDQ|PLUS] [--dry-run] [--json]
  vpp-desk deploy <adamId> --serials <sn,sn,...|@file> --action required|uninstall [--pricing STDQ|PLUS] [--dry-run] [--json]
  vpp-desk holders <adamId> [--pricing STDQ|PLUS] [--json | --csv]
  vpp-desk holdings (--user <id> | --serial <sn>) [--json]
  vpp-desk devices [--json | --csv]
  vpp-desk reclaim --roster <file> [--app <adamId>] [--dry-run] [--json]
  vpp-desk revoke (--user <id> | --serial <sn>) [--dry-run] [--json]
  vpp-desk retire --user <id> [--dry-run] [--json]
  vpp-desk deployments [--app ID] [--status S] [--terms T] [--json | --csv]
  vpp-desk activity [--user <id>] [--app <adamId>] [--kind K] [--source S] [--since ISO] [--until ISO] [--json | --csv]
  vpp-desk alerts [--json]            exit 3 when any app is at or below its low-stock threshold
  vpp-desk alerts --set <N | N%> [--app <adamId>]   (--app with --set none: back to the organisation's rule)
  vpp-desk history [--app <adamId>] [--json | --csv]
  vpp-desk report --out <file.html>
  vpp-desk preview [--port N]
  vpp-desk diagnostics --out <file.zip> [--json]

Exit codes: 0 done, 1 an operation failed, 2 bad usage or input,
3 (alerts) at least one app is at or below its low-stock threshold.

Environment: VPP_DESK_HOME (data folder), VPP_DESK_API_URL (Apple's base URL),
VPP_DESK_KEYCHAIN_SERVICE (keychain service name).`;

declare const __VERSION__: string | undefined;

/** This run's diagnostics log (<data folder>/logs), once the data folder is known. */
let log: ReturnType<typeof openLog> | null = null;

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  if (!command || command === 'help' || command === '--help' || command === '-h') {
    process.stdout.write(`${HELP}\n`);
    return command ? EXIT_OK : EXIT_USAGE;
  }
  const load = commandFor(command);
  if (!load) throw new UsageError(`Unknown command "${command}". Run vpp-desk --help.`);
  const run = await load();
  const config = resolveConfig(process.env);
  const version = typeof __VERSION__ === 'string' ? __VERSION__ : '0.0.0';
  log = openLog(config, 'cli');
  // The preview host serves the window and lives like it (scheduler, resume
  // of interrupted deployments, probe, bounded deploy waits); what it does is
  // logged as the window's. Every other command runs once and leaves.
  const core = await createCore({
    config,
    transport: command === 'preview' ? 'preview' : 'cli',
    version,
  });
  // The command's name only: its arguments may name users.
  log.info(`vpp-desk ${command} (${version})`);
  logCoreEvents(core.events, log);
  const outcome = await run(core, rest);
  if (outcome === 'keep-running') return -1;
  await core.stop();
  return EXIT_OK;
}

// A reader that stops early (`vpp-desk activity --json | head`) closes the pipe: the rest of the output has
// nowhere to go, which is no failure of the command, and the command still finishes what it was doing.
process.stdout.on('error', (err: NodeJS.ErrnoException) => {
  if (err.code === 'EPIPE' || err.code === 'ERR_STREAM_DESTROYED') return;
  throw err;
});

main(process.argv.slice(2)).then(
  (code) => {
    // A command may already have set a failure code (e.g. some users failed).
    if (code >= 0 && !process.exitCode) process.exitCode = code;
  },
  (err: unknown) => {
    process.stderr.write(`vpp-desk: ${messageFor(err)}\n`);
    process.exitCode = exitCodeFor(err);
    log?.error(`failed (exit ${process.exitCode}): ${messageFor(err)}`);
  },
);
