// Identity providers roll their signing certificates over by publishing the next one in their metadata.
// A connection set from a metadata URL reads it again: once a day (in the background, when a sign-in
// starts), and at once when a response fails its signature check (at most once every five minutes per
// connection, so that forged responses cannot make us fetch it in a loop). The entity ID must stay the
// same: another one is another identity provider, which only an administrator may set.
import type { Logger } from '../../core/logger.js';
import type { SamlConnection } from '../../organizations/organization.js';
import type { Organizations } from '../../organizations/organizations.js';
import type { Outbound } from '../../outbound/outbound.js';
import type { StateStore } from '../../storage/state/state-store.js';
import { fetchIdpMetadata } from './idp-metadata.js';

export const METADATA_MAX_AGE_MS = 24 * 60 * 60 * 1000;
const ON_FAILURE_EVERY_SECONDS = 5 * 60;

export interface MetadataRefresh {
  /** Reads the metadata again if it is a day old; never waits for it, never fails. */
  refreshIfStale(connection: SamlConnection): void;
  /** After a failed signature: the connection with the metadata's certificates now, if they changed. */
  refreshAfterFailure(connection: SamlConnection): Promise<SamlConnection | undefined>;
}

export function createMetadataRefresh(deps: {
  organizations: Pick<Organizations, 'setSamlConnection'>;
  outbound: Outbound;
  store: StateStore;
  logger: Logger;
  now?: () => number;
}): MetadataRefresh {
  const now = deps.now ?? Date.now;
  const refresh = async (connection: SamlConnection): Promise<SamlConnection | undefined> => {
    if (!connection.metadataUrl) {
      return undefined;
    }
    const fetcher = deps.outbound[connection.setBy === 'operator' ? 'any' : 'public'];
    const metadata = await fetchIdpMetadata(connection.metadataUrl, (url, init) => fetcher(url, init));
    if (metadata.entityId !== connection.issuer) {
      deps.logger.warn({ event: 'saml.metadata_entity_changed', connection: connection.id, entityId: metadata.entityId },
        'the identity provider\'s metadata names another entity ID: the connection is left as it is');
      return undefined;
    }
    const updated = await deps.organizations.setSamlConnection(connection.organizationId, {
      entityId: metadata.entityId, ssoUrl: metadata.ssoUrl, certificates: metadata.certificates, metadataUrl: connection.metadataUrl,
      claims: { email: connection.claims.email, name: connection.claims.name }, idpInitiatedClientId: connection.idpInitiatedClientId,
    }, connection.setBy);
    const changed = updated.certificates.join() !== connection.certificates.join() || updated.ssoUrl !== connection.ssoUrl;
    if (changed) {
      deps.logger.info({ event: 'saml.metadata_refreshed', connection: connection.id, certificates: updated.certificates.length },
        'the identity provider\'s metadata changed: its certificates were taken');
    }
    return changed ? updated : undefined;
  };
  const failed = (connection: SamlConnection) => (error: unknown) => {
    deps.logger.warn({ event: 'saml.metadata_refresh_failed', connection: connection.id, err: error }, 'the identity provider\'s metadata could not be read');
    return undefined;
  };

  return {
    refreshIfStale(connection) {
      if (connection.metadataUrl && now() - connection.updatedAt.getTime() > METADATA_MAX_AGE_MS) {
        void deps.store.setIfAbsent(`saml:refresh:stale:${connection.id}`, '1', ON_FAILURE_EVERY_SECONDS)
          .then((first) => (first ? refresh(connection) : undefined))
          .catch(failed(connection));
      }
    },
    async refreshAfterFailure(connection) {
      if (!connection.metadataUrl || !(await deps.store.setIfAbsent(`saml:refresh:failure:${connection.id}`, '1', ON_FAILURE_EVERY_SECONDS))) {
        return undefined;
      }
      return refresh(connection).catch(failed(connection));
    },
  };
}
