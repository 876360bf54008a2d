// What any text from outside may contain. PostgreSQL refuses NUL in text, and no field of ours has a use
// for other control characters; tabs and line breaks are allowed (multi-line fields: redirect URIs).

// eslint-disable-next-line no-control-regex
const CONTROL_CHARACTERS = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/;

export function hasControlCharacters(text: string): boolean {
  return CONTROL_CHARACTERS.test(text);
}

/** Whether any string in a parsed query, form or JSON body (nested objects and arrays) has one. */
export function containsControlCharacters(value: unknown, depth = 0): boolean {
  if (typeof value === 'string') {
    return hasControlCharacters(value);
  }
  if (depth > 32 || value === null || typeof value !== 'object') {
    return false;
  }
  const entries = Array.isArray(value) ? value : Object.entries(value).flat();
  return entries.some((entry) => containsControlCharacters(entry, depth + 1));
}
