const FORBIDDEN = /^(express|express-session|openid-client|helmet|eta|ioredis|pino)(\/|$)/;

export async function resolve(specifier, context, next) {
  if (FORBIDDEN.test(specifier)) throw new Error(`${specifier} was imported by ${context.parentURL}`);
  return next(specifier, context);
}
