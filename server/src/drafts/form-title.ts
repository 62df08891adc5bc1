/** A form-js component as far as its title needs it. */
interface TitleComponent {
  type?: string;
  text?: string;
  label?: string;
  components?: TitleComponent[];
}

/** Markdown of one line as plain text: no heading marks, emphasis, code ticks or link targets. */
function plain(line: string): string {
  return line
    .replace(/^\s{0,3}#{1,6}\s+/, '')
    .replace(/\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/[*_`~]+/g, '')
    .replace(/\s+/g, ' ')
    .trim();
}

/**
 * The title an administrator knows a form by: the first heading of its text components
 * (`### Проведение мероприятия`), else the first line of its first text; null when it has none
 * (the form is then known by its id).
 */
export function formTitle(schema: { components?: TitleComponent[] } | null | undefined): string | null {
  const texts: string[] = [];
  const walk = (list: TitleComponent[] | undefined) => {
    for (const c of list ?? []) {
      if (c.type === 'text' && typeof c.text === 'string' && !c.text.trim().startsWith('=')) texts.push(c.text);
      if (c.components) walk(c.components);
    }
  };
  walk(schema?.components);
  for (const t of texts) {
    const heading = t.split('\n').find((l) => /^\s{0,3}#{1,6}\s+\S/.test(l));
    if (heading && plain(heading)) return plain(heading);
  }
  for (const t of texts) {
    const first = t.split('\n').map(plain).find((l) => l.length > 0);
    if (first) return first.length > 120 ? `${first.slice(0, 119)}…` : first;
  }
  return null;
}
