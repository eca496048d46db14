import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ReceivedRequest {
  method: string;
  path: string;
  headers: IncomingHttpHeaders;
  body: string;
  /** The status the receiver answered with. */
  status: number;
}

export interface HttpReceiver {
  url: string;
  /** Every request, failed ones included, in arrival order. */
  requests: ReceivedRequest[];
  /** The requests answered with 2xx. */
  accepted(): ReceivedRequest[];
  waitFor(count: number, options?: { acceptedOnly?: boolean; timeoutMs?: number }): Promise<ReceivedRequest[]>;
  /** The next `count` requests are answered with `status` (a receiver that is down or failing). */
  failNext(count: number, status?: number): void;
  close(): Promise<void>;
}

/** A real HTTP server on a free port standing in for a webhook receiver (chat tool, SMS or push gateway). */
export async function startHttpReceiver(): Promise<HttpReceiver> {
  const requests: ReceivedRequest[] = [];
  let failures: { left: number; status: number } = { left: 0, status: 500 };
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const failing = failures.left > 0;
      if (failing) failures.left -= 1;
      const status = failing ? failures.status : 200;
      requests.push({
        method: req.method ?? 'GET',
        path: req.url ?? '/',
        headers: req.headers,
        body: Buffer.concat(chunks).toString('utf8'),
        status,
      });
      res.writeHead(status, { 'content-type': 'text/plain' }).end(failing ? 'failing on purpose' : 'ok');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const accepted = () => requests.filter((r) => r.status >= 200 && r.status < 300);
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    accepted,
    async waitFor(count, options = {}) {
      const deadline = Date.now() + (options.timeoutMs ?? 10_000);
      const seen = () => (options.acceptedOnly ? accepted() : requests);
      while (seen().length < count) {
        if (Date.now() > deadline) throw new Error(`expected ${count} requests, got ${seen().length}`);
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      return seen();
    },
    failNext(count, status = 500) {
      failures = { left: count, status };
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
