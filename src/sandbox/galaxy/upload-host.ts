/**
 * The sandbox's upload host (PROTOCOL §2.5, §3): Samsung takes uploads on a host of their own, so
 * the sandbox listens on a second loopback port. `POST /galaxyapi/fileUpload`, multipart only,
 * auth headers and a valid upload session required; a failed upload spends its session; file
 * names must be unique across uploads. Errors answer HTTP 200 with `errorCode` (7001 no file,
 * 7002 unknown session, 7003 a file name used before — the last one the sandbox's choice).
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import { instrument, requireAccessToken, type GalaxyCaller, type GalaxyRouteContext } from './access-token-routes.js';
import { readMultipart } from './multipart-reader.js';
import type { UploadedFiles } from './uploaded-files.js';

export interface UploadHost {
  /** The fileUpload URL, e.g. `http://127.0.0.1:41234/galaxyapi/fileUpload`. */
  url: string;
  close(): Promise<void>;
}

const refused = (code: string, errorMsg: string) => ({ fileKey: null, fileName: null, fileSize: null, errorCode: code, errorMsg });

function uploadRouter(ctx: GalaxyRouteContext & { files: UploadedFiles }): express.Router {
  const router = express.Router();
  router.post('/galaxyapi/fileUpload', ...instrument(ctx, 'galaxy.fileUpload'), requireAccessToken(ctx, 'publishing'), async (req, res) => {
    const account = (res.locals.galaxy as GalaxyCaller).account.id;
    const boundary = /^multipart\/form-data;.*\bboundary="?([^";]{1,200})"?/i.exec(req.get('content-type') ?? '')?.[1];
    if (!boundary) return void res.json(refused('7001', 'multipart/form-data with a file part is required'));
    let sessionId: string | undefined;
    const spend = () => sessionId !== undefined && ctx.files.spend(sessionId);
    try {
      const pauseMs = typeof res.locals.sandboxSlowReadMs === 'number' ? res.locals.sandboxSlowReadMs : undefined;
      const form = await readMultipart(req, boundary, {
        onField: (name, value) => (name === 'sessionId' ? (sessionId = value) : undefined),
        ...(pauseMs ? { pauseMs } : {}),
      });
      sessionId = form.fields.sessionId;
      if (!sessionId || !ctx.files.sessionValid(sessionId, account)) {
        spend();
        return void res.json(refused('7002', 'Invalid or expired upload session'));
      }
      const file = form.files.find((f) => f.field === 'file');
      if (!file || file.filename === '') {
        spend();
        return void res.json(refused('7001', 'No file part named "file"'));
      }
      if (ctx.files.nameTaken(file.filename)) {
        spend();
        return void res.json(refused('7003', 'A file of this name was uploaded before: file names must be unique'));
      }
      const stored = ctx.files.store(sessionId, { fileName: file.filename, fileSize: file.size, serviceAccountId: account });
      res.json({ fileKey: stored.fileKey, fileName: stored.fileName, fileSize: String(stored.fileSize), errorCode: null, errorMsg: null });
    } catch {
      // Aborted or malformed: the session is spent, as a failed upload spends it at Samsung.
      spend();
      if (!res.headersSent && !req.destroyed) res.json(refused('7001', 'The upload was malformed or cut short'));
    }
  });
  return router;
}

/** Starts the upload host on `host`:`port` (0: a free port). */
export async function startUploadHost(ctx: GalaxyRouteContext & { files: UploadedFiles }, host: string, port = 0): Promise<UploadHost> {
  const app = express();
  app.disable('x-powered-by');
  app.use(uploadRouter(ctx));
  app.use((_req, res) => {
    res.status(404).json({ code: 'NOT_FOUND', message: 'No such upload endpoint', from: 'sandbox' });
  });
  const server = http.createServer(app);
  // Long transfers: no request timeout on the upload host (clients have their own budget).
  server.requestTimeout = 0;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve());
  });
  const { port: bound } = server.address() as AddressInfo;
  return {
    url: `http://${host.includes(':') ? `[${host}]` : host}:${bound}/galaxyapi/fileUpload`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
