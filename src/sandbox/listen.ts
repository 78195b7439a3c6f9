/** Starts an HTTP server for one of the sandbox's hosts and resolves once it listens. */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type express from 'express';

export interface Listening {
  server: http.Server;
  port: number;
  close(): Promise<void>;
}

export async function listen(app: express.Express, port: number, host: string): Promise<Listening> {
  const server = http.createServer(app);
  server.keepAliveTimeout = 5_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  return {
    server,
    port: (server.address() as AddressInfo).port,
    close: () => {
      server.closeAllConnections();
      return new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
