/**
 * The sandbox's profile API (PROTOCOL §1.5): `GET /v2/profile/user/user/{userId}` answering XML
 * `UserVO` for a demo user, to a live access token of that user issued by this region, with
 * `x-osp-appId` naming the client. Anything else: 401.
 */
import express from 'express';
import type { Counters } from '../counters.js';
import type { Faults } from '../faults.js';
import { DEMO_USERS, type DemoUser } from './demo-users.js';
import type { AccountGrants } from './grants.js';

export interface ProfileEndpointContext {
  region: string;
  prefix: string;
  counters: Counters;
  faults: Faults;
  grants: AccountGrants;
  clientId: string;
}

export function profileEndpoint(ctx: ProfileEndpointContext): express.Router {
  const router = express.Router();
  router.get(
    '/v2/profile/user/user/:userId',
    (_req, _res, next) => {
      ctx.counters.increment(`${ctx.prefix}.profile`);
      next();
    },
    ctx.faults.middleware(`${ctx.prefix}.profile`),
    (req, res) => {
      res.set('cache-control', 'no-store');
      const token = /^Bearer ([\x21-\x7e]+)$/i.exec(req.get('authorization') ?? '')?.[1];
      const grant = token ? ctx.grants.findAccess(token, ctx.region) : undefined;
      const user = DEMO_USERS.find((u) => u.id === req.params.userId);
      if (!grant || !user || grant.userId !== user.id || req.get('x-osp-appId') !== ctx.clientId) {
        res.status(401).type('text/xml').send(xmlError('401', 'The access token is invalid or expired, or not for this user and client.'));
        return;
      }
      res.status(200).type('text/xml').send(userVo(user));
    },
  );
  return router;
}

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** A `UserVO` as public clients read it: one `userIdentificationVO` per login id (a single one is a single element). */
export function userVo(user: DemoUser): string {
  const ids = user.identifications
    .map((i) => `  <userIdentificationVO><loginID>${esc(i.loginID)}</loginID><loginIDTypeCode>${esc(i.loginIDTypeCode)}</loginIDTypeCode><loginIDValidationYNFlag>Y</loginIDValidationYNFlag></userIdentificationVO>`)
    .join('\n');
  return `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<UserVO>
  <userID>${esc(user.id)}</userID>
  <userBaseVO>
    <userName>${esc(user.name)}</userName>
    <countryCode>${esc(user.countryCode)}</countryCode>
    <photographImageFileURLText>${esc(user.photoUrl)}</photographImageFileURLText>
    <emailReceiveYNFlag>N</emailReceiveYNFlag>
    <userBaseIndividualVO>
      <givenName>${esc(user.givenName)}</givenName>
      <familyName>${esc(user.familyName)}</familyName>
      <prefixName/>
      <birthDate>19900101</birthDate>
    </userBaseIndividualVO>
  </userBaseVO>
${ids}
  <userContactAddressVO><countryCode>${esc(user.countryCode)}</countryCode></userContactAddressVO>
  <userStatusVO><userStatusCode>ACTIVE</userStatusCode></userStatusVO>
</UserVO>
`;
}

function xmlError(code: string, message: string): string {
  return `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<error><code>${code}</code><message>${esc(message)}</message></error>\n`;
}
