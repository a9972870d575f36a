// Version policy (see CHANGELOG.md): the wire API and the SDK each follow semver. The server sends its
// wire version in the `Folio-Api-Version` header; this SDK speaks to every server with the same wire
// major and at least the minor it was built against.
import { API_VERSION as WIRE_VERSION } from '@folio/contract/version';

/** The wire API version this SDK was built against (what the server sends as `Folio-Api-Version`). */
export const API_VERSION: string = WIRE_VERSION;

/** The server wire versions this SDK speaks to, as a semver range. */
export const SUPPORTED_SERVER_API: string = `^${WIRE_VERSION}`;
