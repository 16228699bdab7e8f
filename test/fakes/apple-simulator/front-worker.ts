// The rate limit's front door, on a thread of its own (front-thread.ts starts it): it stamps each API
// request as it arrives, then hands it on to the simulator marked over the limit or not. Its heap holds
// nothing but sockets, so its loop does not pause long; the simulator's, with a million rows, does.
import { Agent, createServer, request, type IncomingHttpHeaders } from 'node:http';
import { parentPort, workerData } from 'node:worker_threads';
import { RateLimiter } from './ratelimit';
import type { AddressInfo } from 'node:net';

export interface FrontData {
  backendPort: number;
  perSecond: number;
  /** Paths that count against the limit (the token's API), as the simulator's own limiter counts them. */
  counted: string[];
  header: string;
}

const data = workerData as FrontData;
const limiter = new RateLimiter(data.perSecond);
const counted = new Set(data.counted);
const agent = new Agent({ keepAlive: true, maxSockets: 256 });

const server = createServer((req, res) => {
  const path = (req.url ?? '').split('?')[0] ?? '';
  const over =
    counted.has(path) && !limiter.allow(req.headers.authorization ?? req.socket.remoteAddress ?? '', Date.now());
  // Only the front says whether a request is over the limit: a client's own header is dropped.
  const headers: IncomingHttpHeaders = Object.fromEntries(
    Object.entries(req.headers).filter(([name]) => name !== data.header),
  );
  if (over) headers[data.header] = '1';
  const upstream = request(
    { host: '127.0.0.1', port: data.backendPort, method: req.method, path: req.url, headers, agent },
    (answer) => {
      res.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(res);
      // The simulator dropped or cut the reply (a fault): the client sees the same.
      answer.on('aborted', () => res.destroy());
      answer.on('error', () => res.destroy());
    },
  );
  upstream.on('error', () => res.destroy());
  // A client gone before its answer: the simulator's socket goes too, as the client's would have.
  res.on('close', () => {
    if (!res.writableFinished) upstream.destroy();
  });
  req.pipe(upstream);
});
server.keepAliveTimeout = 5000;

server.listen(0, '127.0.0.1', () => {
  parentPort?.postMessage({ port: (server.address() as AddressInfo).port });
});

parentPort?.on('message', (message: unknown) => {
  if (message !== 'close') return;
  server.close();
  server.closeAllConnections();
  agent.destroy();
  parentPort?.close();
});
