/** One log line per request: method, path (query values left out), status, duration. */
import type { RequestHandler } from 'express';
import { loggablePath, type Logger } from '../log.js';
import { requestIdOf } from './request-id.js';

export function requestLog(logger: Logger): RequestHandler {
  // A logger that drops info lines (LOG_LEVEL warn and up): nothing to time or write.
  if (!logger.isLevelEnabled('info')) return (_req, _res, next) => next();
  return (req, res, next) => {
    const started = process.hrtime.bigint();
    res.on('finish', () => {
      const ms = Number(process.hrtime.bigint() - started) / 1e6;
      logger.info(
        { event: 'request', requestId: requestIdOf(req), method: req.method, path: loggablePath(req.originalUrl), status: res.statusCode, ms: Math.round(ms * 10) / 10 },
        'request',
      );
    });
    next();
  };
}
