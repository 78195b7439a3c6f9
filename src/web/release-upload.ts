/**
 * One binary upload through the portal, for the JSON API and the pages alike: the browser's
 * multipart body is relayed to Samsung's upload host as it arrives ({@link receiveUpload}), then
 * added to the draft. If the browser goes away or passes the cap, the relay is cut and the
 * answer says why (Samsung stores nothing; the upload session is not reused).
 */
import type { Request, Response } from 'express';
import { isSamsungAuthError } from '../errors.js';
import type { ReleaseConsole } from '../portal/release-console.js';
import type { AppRef } from '../portal/release-context.js';
import { receiveUpload, type ReceivedUpload } from './upload-relay.js';
import { DEFAULT_BODY_DEADLINE_MS, extendBodyDeadline } from './body-deadline.js';

export async function relayUpload(req: Request, res: Response, release: ReleaseConsole, ref: AppRef, appOrigin: string) {
  // Refused before a byte of the file is read: the role (CSRF comes with the first field or the header).
  await release.authorize(ref, 'binary.upload');
  let upload: ReceivedUpload | undefined;
  try {
    upload = await receiveUpload(req, res, {
      maxBytes: release.maxUploadBytes,
      csrfToken: req.samsungAuth?.csrfToken,
      appOrigin,
      // Only a checked upload gets the upload's time budget; until then the usual body deadline holds.
      onStart: () => extendBodyDeadline(req, release.uploadTimeoutMs),
    });
    return await release.actions.uploadBinary(ref, { stream: upload.stream, fileName: upload.fileName, signal: upload.signal });
  } catch (err) {
    // Ask the browser not to reuse a connection whose body was not read to its end, and give
    // what is left of it the usual deadline, not the upload's.
    res.set('connection', 'close');
    extendBodyDeadline(req, DEFAULT_BODY_DEADLINE_MS);
    const reason = upload?.abortReason();
    if (reason && isSamsungAuthError(err) && err.code === 'UPLOAD_ABORTED') throw reason;
    throw err;
  } finally {
    upload?.discard();
  }
}
