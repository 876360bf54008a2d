// Every operation of the Admin API, in the order the OpenAPI document lists them.
import type { ApiOperation } from '../api-operation.js';
import { auditOperations } from './audit.js';
import { clientOperations } from './clients.js';
import { scimTokenOperations } from './scim-tokens.js';
import { settingsOperations } from './settings.js';
import { userOperations } from './users.js';

export const ADMIN_API_OPERATIONS: readonly ApiOperation[] = [...userOperations, ...settingsOperations, ...clientOperations, ...scimTokenOperations, ...auditOperations];
