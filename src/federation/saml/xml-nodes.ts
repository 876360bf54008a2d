// Walking XML as xml2js gives it (namespace prefixes taken off): attributes under $, text under _, and
// each child element an array of its occurrences (a text-only one as a bare string).

export interface XmlNode {
  readonly $?: Record<string, string>;
  readonly _?: string;
  readonly [child: string]: unknown;
}

/** Every child element `name` of `node` (none when the node is missing). */
export function children(node: unknown, name: string): XmlNode[] {
  const value = (node as XmlNode | undefined)?.[name];
  return Array.isArray(value) ? value.map((item) => (typeof item === 'string' ? { _: item } : item as XmlNode)) : [];
}

export const child = (node: unknown, name: string): XmlNode | undefined => children(node, name)[0];

/** An element's text, trimmed. */
export const textOf = (node: XmlNode | undefined): string | undefined => (typeof node?._ === 'string' ? node._.trim() : undefined);
