/**
 * The sandbox's v2 binary calls (PROTOCOL §2.5): add (lower-case `filekey`, `gms`; only on a
 * draft, 4104; a fileKey once, 5021), change the gms flag, delete. Refusals in the v2 envelope.
 */
import express from 'express';
import { instrument, requireAccessToken, type GalaxyCaller } from './access-token-routes.js';
import type { ContentRouteContext } from './content-routes.js';
import { SellerRefusal } from './publishing-state.js';
import { digits, jsonBody, refusing, sendRefusal, sendResult, textBody } from './seller-answers.js';

const caller = (res: express.Response) => res.locals.galaxy as GalaxyCaller;
const yn = (v: unknown): v is 'Y' | 'N' => v === 'Y' || v === 'N';

export function binaryRoutes(ctx: ContentRouteContext): express.Router {
  const router = express.Router();
  const publishing = requireAccessToken(ctx, 'publishing');
  const route = (name: string) => [...instrument(ctx, `galaxy.${name}`), publishing];
  const { state } = ctx;

  router.post('/seller/v2/content/binary', ...route('addBinary'), textBody, (req, res) => {
    const body = jsonBody(req, res);
    const id = body && digits(res, body.contentId, 'contentId');
    if (!body || id === undefined) return;
    if ('gmsYn' in body || 'fileKey' in body) return sendRefusal(res, 'result', new SellerRefusal('4001', 'Unknown field: use filekey and gms'));
    if (!yn(body.gms)) return sendRefusal(res, 'result', new SellerRefusal('4001', 'gms must be Y or N'));
    const file = typeof body.filekey === 'string' ? ctx.files.file(body.filekey, caller(res).account.id) : undefined;
    if (!file) return sendRefusal(res, 'result', new SellerRefusal('4102', 'No file for this filekey'));
    const seqForDevice = typeof body.binarySeqForDeviceInfo === 'string' ? body.binarySeqForDeviceInfo : undefined;
    refusing(res, 'result', () => sendResult(res, { binarySeq: state.addBinary(id, file, body.gms as 'Y' | 'N', seqForDevice).binarySeq }));
  });

  router.put('/seller/v2/content/binary', ...route('updateBinary'), textBody, (req, res) => {
    const body = jsonBody(req, res);
    const id = body && digits(res, body.contentId, 'contentId');
    const seq = body && id !== undefined ? digits(res, body.binarySeq, 'binarySeq') : undefined;
    if (!body || seq === undefined) return;
    if (!yn(body.gms)) return sendRefusal(res, 'result', new SellerRefusal('4001', 'gms must be Y or N'));
    refusing(res, 'result', () => (state.setGms(id!, seq, body.gms as 'Y' | 'N'), sendResult(res)));
  });

  router.delete('/seller/v2/content/binary', ...route('deleteBinary'), (req, res) => {
    const id = digits(res, req.query.contentId, 'contentId');
    const seq = id !== undefined ? digits(res, req.query.binarySeq, 'binarySeq') : undefined;
    if (seq === undefined) return;
    refusing(res, 'result', () => (state.deleteBinary(id!, seq), sendResult(res)));
  });

  return router;
}
