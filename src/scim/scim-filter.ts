// SCIM filters (RFC 7644 section 3.4.2.2), parsed and evaluated by scim2-parse-filter, with the case rules of
// RFC 7643 section 2.1 on top: strings compare without regard to case, except the attributes whose
// caseExact is true (id, externalId, references to members). Attribute names never depend on case, and the
// core schema's URN may prefix a name.
import { filter as compile, parse, type Filter } from 'scim2-parse-filter';

import { ScimErrors } from './scim-error.js';

/** Longer filters are refused: no provisioning agent sends them, and they cost to evaluate. */
const MAX_FILTER_LENGTH = 1000;
const CORE_PREFIXES = ['urn:ietf:params:scim:schemas:core:2.0:user:', 'urn:ietf:params:scim:schemas:core:2.0:group:'];
/** Attribute paths (lower case) whose values compare exactly. */
const CASE_EXACT = new Set(['id', 'externalid', 'members.value', 'groups.value']);

export interface ScimFilter {
  /** Whether a resource (as served, SCIM attribute names) matches. */
  matches(resource: object): boolean;
  /** The value an `eq` on this attribute (lower case, e.g. 'username') requires, at the top or under `and`. */
  required(attribute: string): string | undefined;
}

export function parseScimFilter(text: string): ScimFilter {
  if (text.length > MAX_FILTER_LENGTH) {
    throw ScimErrors.invalidFilter(`A filter has at most ${MAX_FILTER_LENGTH} characters.`);
  }
  let ast: Filter;
  try {
    ast = normalize(parse(text), '');
  } catch (error) {
    throw ScimErrors.invalidFilter(`The filter could not be read: ${(error as Error).message}`);
  }
  const test = compile(ast);
  return {
    matches: (resource) => test(foldCase(resource, '')),
    required: (attribute) => requiredValue(ast, attribute),
  };
}

function pathOf(attrPath: string): string {
  const lower = attrPath.toLowerCase();
  const prefix = CORE_PREFIXES.find((candidate) => lower.startsWith(candidate));
  return prefix ? lower.slice(prefix.length) : lower;
}

const join = (prefix: string, path: string) => (prefix ? `${prefix}.${path}` : path);

/** Lower-case names, no core URN, and lower-case values for attributes that do not compare exactly. */
function normalize(filter: Filter, prefix: string): Filter {
  switch (filter.op) {
    case 'and':
    case 'or':
      return { op: filter.op, filters: filter.filters.map((inner) => normalize(inner, prefix)) };
    case 'not':
      return { op: 'not', filter: normalize(filter.filter, prefix) };
    case '[]': {
      const attrPath = pathOf(filter.attrPath);
      return { op: '[]', attrPath, valFilter: normalize(filter.valFilter, join(prefix, attrPath)) };
    }
    case 'pr':
      return { op: 'pr', attrPath: pathOf(filter.attrPath) };
    default: {
      const attrPath = pathOf(filter.attrPath);
      const exact = CASE_EXACT.has(join(prefix, attrPath));
      const compValue = typeof filter.compValue === 'string' && !exact ? filter.compValue.toLowerCase() : filter.compValue;
      return { op: filter.op, attrPath, compValue };
    }
  }
}

/** A copy of the resource with lower-case names and, except where case is exact, lower-case string values. */
function foldCase(value: unknown, path: string): unknown {
  if (Array.isArray(value)) {
    return value.map((item) => foldCase(item, path));
  }
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([key, inner]) => {
      const name = key.toLowerCase();
      return [name, foldCase(inner, join(path, name))];
    }));
  }
  return typeof value === 'string' && !CASE_EXACT.has(path) ? value.toLowerCase() : value;
}

function requiredValue(filter: Filter, attribute: string): string | undefined {
  if (filter.op === 'eq' && filter.attrPath === attribute && typeof filter.compValue === 'string') {
    return filter.compValue;
  }
  if (filter.op === 'and') {
    for (const inner of filter.filters) {
      const value = requiredValue(inner, attribute);
      if (value !== undefined) {
        return value;
      }
    }
  }
  if (filter.op === '[]' && filter.valFilter.op === 'eq' && attribute.startsWith(`${filter.attrPath}.`)) {
    return requiredValue(filter.valFilter, attribute.slice(filter.attrPath.length + 1));
  }
  return undefined;
}
