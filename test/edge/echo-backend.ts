// A tiny HTTP backend on loopback that answers every request with what it received (method, path, headers),
// so a test can see what the edge let through and which claim headers it added.
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface EchoedRequest {
  readonly method: string;
  readonly url: string;
  readonly headers: http.IncomingHttpHeaders;
}

export interface EchoBackend {
  readonly port: number;
  /** Requests received so far, oldest first. */
  readonly received: EchoedRequest[];
  stop(): Promise<void>;
}

export function startEchoBackend(): Promise<EchoBackend> {
  const received: EchoedRequest[] = [];
  const server = http.createServer((req, res) => {
    const echoed = { method: req.method ?? '', url: req.url ?? '', headers: req.headers };
    received.push(echoed);
    req.resume();
    req.on('end', () => {
      const body = JSON.stringify(echoed);
      res.writeHead(200, { 'content-type': 'application/json', 'x-echo-backend': 'yes', 'content-length': Buffer.byteLength(body) });
      res.end(body);
    });
  });
  return new Promise((resolve, reject) => {
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      resolve({
        port: (server.address() as AddressInfo).port,
        received,
        stop: () => new Promise<void>((r) => { server.closeAllConnections(); server.close(() => r()); }),
      });
    });
  });
}
