// `npm run simulator -- --port N --users N --apps N --assignments N
//  --page-size N --seed N --demo --token-out FILE --rate-limit --latency MS --latency-jitter MS`
// Starts the simulator, optionally writes a valid .vpptoken, prints ONE JSON
// line {url, origin, tokenFile} for the parent process, stops on SIGINT/SIGTERM.
import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { startSimulator } from './index';

function int(v: string | undefined, name: string): number | undefined {
  if (v === undefined) return undefined;
  const n = Number(v);
  if (!Number.isInteger(n) || n < 0) throw new Error(`--${name} must be a non-negative integer`);
  return n;
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      port: { type: 'string' },
      users: { type: 'string' },
      apps: { type: 'string' },
      assignments: { type: 'string' },
      'page-size': { type: 'string' },
      seed: { type: 'string' },
      'event-delay': { type: 'string' },
      demo: { type: 'boolean', default: false },
      'rate-limit': { type: 'boolean', default: false },
      latency: { type: 'string' },
      'latency-jitter': { type: 'string' },
      'token-out': { type: 'string' },
    },
    strict: true,
  });
  const sim = await startSimulator({
    port: int(values.port, 'port'),
    users: int(values.users, 'users'),
    apps: int(values.apps, 'apps'),
    assignments: int(values.assignments, 'assignments'),
    pageSize: int(values['page-size'], 'page-size'),
    seed: int(values.seed, 'seed'),
    eventDelayMs: int(values['event-delay'], 'event-delay'),
    demo: values.demo,
    enforceRateLimit: values['rate-limit'],
    latencyMs: int(values.latency, 'latency'),
    latencyJitterMs: int(values['latency-jitter'], 'latency-jitter'),
  });
  let tokenFile: string | null = null;
  if (values['token-out'] !== undefined) {
    tokenFile = resolve(values['token-out']);
    writeFileSync(tokenFile, sim.issueToken(), { mode: 0o600 });
  }
  process.stdout.write(`${JSON.stringify({ url: sim.url, origin: sim.origin, tokenFile })}\n`);
  const stop = (): void => {
    void sim.close().then(() => process.exit(0));
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().catch((err: unknown) => {
  process.stderr.write(`simulator: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
