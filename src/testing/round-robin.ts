// A round-robin load balancer on loopback, as operators put in front of several webhook instances:
// each request goes to the next instance; one that refuses the connection (stopped, restarting,
// killed) is skipped and the request tried on the next, as a balancer's health check would.
import { createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface RoundRobin {
  url: string;
  /** The instances' ports, in turn; change it to add or remove one (a rolling deploy). */
  targets: number[];
  /** Requests each target answered, by port. */
  answered: Map<number, number>;
  stop(): Promise<void>;
}

export async function startRoundRobin(initialPorts: readonly number[]): Promise<RoundRobin> {
  let next = 0;
  const targetPorts = [...initialPorts];
  const answered = new Map<number, number>();
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      const tryTarget = (tries: number): void => {
        if (tries >= targetPorts.length) {
          res.writeHead(502).end('no instance answered');
          return;
        }
        const port = targetPorts[next++ % targetPorts.length] as number;
        const forward = request(
          { host: '127.0.0.1', port, method: req.method, path: req.url, headers: req.headers },
          (answer) => {
            answered.set(port, (answered.get(port) ?? 0) + 1);
            res.writeHead(answer.statusCode ?? 502, answer.headers);
            answer.pipe(res);
          },
        );
        forward.on('error', (error: NodeJS.ErrnoException) => {
          // Refused: nobody listens there now; try the next. Anything else (a reset mid-answer): the
          // caller sees a failure, as through a real balancer, and Telegram posts the update again.
          if (error.code === 'ECONNREFUSED') tryTarget(tries + 1);
          else if (!res.headersSent) res.writeHead(502).end('instance failed');
          else res.destroy();
        });
        forward.end(body);
      };
      tryTarget(0);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    targets: targetPorts,
    answered,
    stop: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
