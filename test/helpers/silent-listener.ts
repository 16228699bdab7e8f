/**
 * A TCP port on 127.0.0.1 where connections are never completed, as behind a
 * firewall that drops packets: a listener with a backlog of 0 that never
 * accepts, its queue filled by one connection, so every later SYN goes
 * unanswered. Node's net.Server accepts on its own, so a python3 child
 * (present wherever keytar builds) holds the socket; it exits by itself
 * after `lifetimeS` even if the test never stops it.
 */
import { spawn } from 'node:child_process';
import net from 'node:net';

export interface SilentListener {
  port: number;
  stop(): Promise<void>;
}

const PY = [
  'import socket, time, sys',
  's = socket.socket()',
  "s.bind(('127.0.0.1', 0))",
  's.listen(0)',
  'print(s.getsockname()[1], flush=True)',
  'time.sleep(float(sys.argv[1]))',
].join('\n');

export async function silentListener(lifetimeS = 60): Promise<SilentListener> {
  const child = spawn('python3', ['-c', PY, String(lifetimeS)], { stdio: ['ignore', 'pipe', 'inherit'] });
  const port = await new Promise<number>((resolve, reject) => {
    child.once('error', reject);
    child.once('exit', (code) => reject(new Error(`python3 exited (${code}) before listening`)));
    child.stdout.once('data', (d: Buffer) => resolve(Number(String(d).trim())));
  });
  // The one connection the backlog holds: after it, the kernel answers nothing.
  const filler = net.connect({ host: '127.0.0.1', port });
  await new Promise<void>((resolve, reject) => {
    filler.once('connect', () => resolve());
    filler.once('error', reject);
  });
  return {
    port,
    stop: async () => {
      filler.destroy();
      if (child.exitCode === null) {
        const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
        child.kill();
        await exited;
      }
    },
  };
}
