// Row 7's peer: seed 001's create-jwt.js, as a plain Node script with jsonwebtoken.
// Usage: node bench/seed-001-create-jwt.js <service-account-id> <private-key-file>
import { readFileSync } from 'node:fs';
import jsonwebtoken from 'jsonwebtoken';

const [iss, keyFile] = process.argv.slice(2);
const privateKey = readFileSync(keyFile, 'utf8');
const scopes = ['publishing'];
const iat = Math.round(new Date().getTime() / 1000);
const exp = iat + 1200;

try {
  const jwt = jsonwebtoken.sign({ iss, scopes, exp, iat }, privateKey, { algorithm: 'RS256' });
  console.log(jwt);
} catch (err) {
  console.error(err);
  process.exitCode = 1;
}
