/**
 * The wire API's version (semver): a new procedure, field or route is a minor; removing or changing
 * the meaning of one is a major. The server sends it as `Folio-Api-Version` and in `/openapi.json`;
 * the SDK's API_VERSION must equal it (packages/sdk/test/version.test.ts).
 */
export const API_VERSION = '1.1.0';
