/**
 * Prisma's contains/startsWith become LIKE without escaping, so a search for "100%" or "a_b" would match
 * far more than typed: escape PostgreSQL's wildcards (backslash is its default LIKE escape).
 */
export function likeLiteral(text: string): string {
  return text.replace(/[\\%_]/g, (character) => `\\${character}`);
}
