// Lists (RFC 7644 section 3.4.2): filter, 1-based startIndex and count pagination, and the attributes /
// excludedAttributes projection that single resources get too.
import { z } from 'zod';

import { LIST_RESPONSE_SCHEMA, MAX_PAGE_SIZE } from './scim-discovery.js';
import { ScimErrors } from './scim-error.js';
import { parseScimFilter, type ScimFilter } from './scim-filter.js';

export interface Projection {
  readonly attributes: readonly string[] | undefined;
  readonly excludedAttributes: readonly string[] | undefined;
}

export interface ListQuery extends Projection {
  readonly filter: ScimFilter | undefined;
  readonly startIndex: number;
  readonly count: number;
}

const integer = z.string().regex(/^-?\d{1,9}$/, 'must be an integer').transform(Number);
const names = z.string().max(1000).transform((value) => value.split(',').map((name) => name.trim().toLowerCase()).filter(Boolean));
const listQuery = z.object({
  filter: z.string().optional(),
  startIndex: integer.optional(),
  count: integer.optional(),
  attributes: names.optional(),
  excludedAttributes: names.optional(),
});

/** The query string of a list (or, for its projection, of a single resource's GET). */
export function parseListQuery(query: Record<string, unknown>): ListQuery {
  const parsed = listQuery.safeParse(Object.fromEntries(Object.entries(query).map(([key, value]) => [key, Array.isArray(value) ? value[0] : value])));
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw ScimErrors.invalidValue(`${issue.path.join('.')}: ${issue.message}`);
  }
  const { filter, startIndex, count, attributes, excludedAttributes } = parsed.data;
  return {
    filter: filter === undefined ? undefined : parseScimFilter(filter),
    // Section 3.4.2.4: a startIndex below 1 is 1; a negative count is 0.
    startIndex: Math.max(1, startIndex ?? 1),
    count: Math.min(MAX_PAGE_SIZE, Math.max(0, count ?? MAX_PAGE_SIZE)),
    attributes, excludedAttributes,
  };
}

/** What a list reads: a page of everything, or every resource a filter matches. */
export interface ListSource {
  page(page: { offset: number; limit: number }): Promise<{ resources: Record<string, unknown>[]; total: number }>;
  matching(filter: ScimFilter): Promise<Record<string, unknown>[]>;
}

export async function listResponse(query: ListQuery, source: ListSource): Promise<Record<string, unknown>> {
  const offset = query.startIndex - 1;
  let resources: Record<string, unknown>[];
  let total: number;
  if (query.filter) {
    const all = await source.matching(query.filter);
    total = all.length;
    resources = all.slice(offset, offset + query.count);
  } else {
    ({ resources, total } = await source.page({ offset, limit: query.count }));
  }
  return {
    schemas: [LIST_RESPONSE_SCHEMA], totalResults: total, startIndex: query.startIndex, itemsPerPage: resources.length,
    Resources: resources.map((resource) => project(resource, query)),
  };
}

/** Always returned, whatever the projection (RFC 7643 section 7: returned "always"). */
const ALWAYS = new Set(['id', 'schemas', 'meta']);

/** Top-level attributes (and sub-attributes named as name.givenName) kept or left out. */
export function project(resource: Record<string, unknown>, projection: Projection): Record<string, unknown> {
  const { attributes, excludedAttributes } = projection;
  if (attributes?.length) {
    const kept: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(resource)) {
      const name = key.toLowerCase();
      const subs = attributes.filter((attribute) => attribute.startsWith(`${name}.`)).map((attribute) => attribute.slice(name.length + 1));
      if (ALWAYS.has(name) || attributes.includes(name)) {
        kept[key] = value;
      } else if (subs.length > 0 && value !== null && typeof value === 'object' && !Array.isArray(value)) {
        kept[key] = Object.fromEntries(Object.entries(value).filter(([sub]) => subs.includes(sub.toLowerCase())));
      } else if (subs.length > 0 && Array.isArray(value)) {
        kept[key] = value.map((item) => (item !== null && typeof item === 'object'
          ? Object.fromEntries(Object.entries(item).filter(([sub]) => subs.includes(sub.toLowerCase()))) : item));
      }
    }
    return kept;
  }
  if (excludedAttributes?.length) {
    return Object.fromEntries(Object.entries(resource).filter(([key]) => ALWAYS.has(key.toLowerCase()) || !excludedAttributes.includes(key.toLowerCase())));
  }
  return resource;
}
