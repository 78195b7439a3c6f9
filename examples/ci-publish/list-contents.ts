import { GalaxyTokenManager, isSamsungAuthError, loadPrivateKey } from 'samsung-auth-kit/galaxy';

let manager: GalaxyTokenManager | undefined;
try {
  manager = new GalaxyTokenManager({
    serviceAccountId: process.env.GALAXY_SERVICE_ACCOUNT_ID!,
    privateKey: await loadPrivateKey({ file: process.env.GALAXY_PRIVATE_KEY_FILE! }), // chmod 600
    apiUrl: process.env.GALAXY_API_URL, // default https://devapi.samsungapps.com
    scopes: ['publishing'],
  });
  const contents = await manager.apiClient().contentList(); // a token is minted on first use
  for (const app of contents) console.log(`${app.contentId}  ${app.contentStatus}  ${app.contentName}`);
} catch (err) {
  if (!isSamsungAuthError(err)) throw err;
  console.error(`${err.code}: ${err.message}\n${err.hint ?? ''}`);
  process.exitCode = 1;
} finally {
  // Access tokens never expire: revoke this run's token when done.
  await manager?.revoke().catch((err: unknown) => console.error(`The token was not revoked: ${(err as Error).message}`));
}
