// PATCH (RFC 7644 section 3.5.2) applied by scim-patch to the resource as served: add, replace and remove,
// with or without a path, value filters such as emails[type eq "work"].value, and the capitalised op
// names Entra ID sends. The result is then written as a PUT would be, with the same checks.
import { patchBodyValidation, scimPatch, ScimError as PatchError, type ScimPatch, type ScimResource } from 'scim-patch';

import { PATCH_OP_SCHEMA } from './scim-discovery.js';
import { ScimError, ScimErrors, type ScimType } from './scim-error.js';

const MAX_OPERATIONS = 100;
/** What a PATCH can never change (RFC 7643: id and meta are the service's; groups are read through Groups). */
const READ_ONLY = ['id', 'meta', 'schemas', 'groups'] as const;

export function applyPatch(resource: Record<string, unknown>, body: unknown): Record<string, unknown> {
  const patch = body as Partial<ScimPatch> | undefined;
  if (!patch || !Array.isArray(patch.schemas) || !patch.schemas.includes(PATCH_OP_SCHEMA)) {
    throw ScimErrors.invalidSyntax(`A PATCH body has schemas ["${PATCH_OP_SCHEMA}"] and Operations.`);
  }
  if (!Array.isArray(patch.Operations) || patch.Operations.length === 0 || patch.Operations.length > MAX_OPERATIONS) {
    throw ScimErrors.invalidSyntax(`A PATCH has 1 to ${MAX_OPERATIONS} Operations.`);
  }
  for (const operation of patch.Operations) {
    const path = typeof operation?.path === 'string' ? operation.path.toLowerCase() : undefined;
    if (path && READ_ONLY.some((name) => path === name || path.startsWith(`${name}.`) || path.startsWith(`${name}[`))) {
      throw ScimErrors.mutability(`${operation.path} cannot be changed.`);
    }
  }
  try {
    patchBodyValidation(patch as ScimPatch);
    const patched = scimPatch(structuredClone(resource) as unknown as ScimResource, patch.Operations, { mutateDocument: true, treatMissingAsAdd: true });
    return patched as unknown as Record<string, unknown>;
  } catch (error) {
    if (error instanceof PatchError) {
      throw new ScimError(400, error.message, (error.scimCode as ScimType | undefined) ?? 'invalidSyntax');
    }
    throw ScimErrors.invalidSyntax(`The PATCH could not be applied: ${(error as Error).message}`);
  }
}
