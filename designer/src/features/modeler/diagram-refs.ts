/** What a diagram refers to, read from its XML without a parser (ids are plain attributes). */

const unescape = (s: string) =>
  s.replace(/&quot;/g, '"').replace(/&apos;/g, "'").replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');

/** Static form ids of `zeebe:formDefinition formId="…"` (FEEL ids are left out), without duplicates. */
export function referencedFormIds(xml: string): string[] {
  const ids = new Set<string>();
  for (const m of xml.matchAll(/<zeebe:formDefinition\b[^>]*\bformId="([^"]*)"/g)) {
    const id = unescape(m[1]).trim();
    if (id && !id.startsWith('=')) ids.add(id);
  }
  return [...ids];
}
