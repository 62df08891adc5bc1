/**
 * What the form-js viewer writes into the page that its translate module does not reach: the
 * date and time placeholders it builds from the browser's locale (`dd.mm.yyyy`, `hh:mm`), a searchable
 * select's «Search», and the
 * "Select" of an empty select, the label of a list row's remove button. And, on read-only forms,
 * links made clickable.
 */
import { safeUrl } from './task-query';

const DATE_PLACEHOLDER = /^[dmy]{1,4}([./-][dmy]{1,4}){2}$/i;
const TIME_PLACEHOLDER = /^hh:mm( --)?$/i;

/** Russian placeholders for the date parts form-js spells with Latin letters. */
export function russianPlaceholder(placeholder: string): string | null {
  if (DATE_PLACEHOLDER.test(placeholder)) {
    return placeholder.toLowerCase().replace(/d/g, 'д').replace(/m/g, 'м').replace(/y/g, 'г');
  }
  if (TIME_PLACEHOLDER.test(placeholder)) return 'чч:мм';
  return null;
}

/** Rewrites the Latin placeholders and the empty select's "Select" in Russian, in place. */
export function localizeFormDom(root: HTMLElement): void {
  for (const input of root.querySelectorAll<HTMLInputElement>('input[placeholder]')) {
    // a searchable select spells its «Search» outside the translate module
    const ru = input.placeholder === 'Search' ? 'Поиск' : russianPlaceholder(input.placeholder);
    if (ru && input.placeholder !== ru) input.placeholder = ru;
  }
  // in place, in the text node form-js (Preact) owns: replacing the node would let its next render add «Select» back
  for (const el of root.querySelectorAll<HTMLElement>('.fjs-select-display.fjs-select-placeholder')) {
    for (const n of el.childNodes) if (n.nodeType === Node.TEXT_NODE && n.nodeValue === 'Select') n.nodeValue = 'Выберите…';
  }
  // the remove button of a list row is labelled outside the translate module
  for (const el of root.querySelectorAll<HTMLElement>('[aria-label^="Remove list item"]')) {
    const n = /(\d+)$/.exec(el.getAttribute('aria-label') ?? '')?.[1] ?? '';
    el.setAttribute('aria-label', `Удалить строку ${n}`.trim());
  }
}

/**
 * On a read-only form: under every field whose value is an http(s) address, a link that opens it
 * (below the field's input group when it has one — a «https://» prefix —, never inside it, where it
 * would squeeze the value out of sight).
 */
export function linkifyReadonly(root: HTMLElement, openLabel: string): void {
  for (const field of root.querySelectorAll<HTMLInputElement | HTMLTextAreaElement>('input, textarea')) {
    const url = safeUrl(field.value);
    const after = field.closest('.fjs-input-group') ?? field;
    const next = after.parentElement?.querySelector(':scope > a.fjs-link-out');
    if (!url) {
      next?.remove();
      continue;
    }
    if (next instanceof HTMLAnchorElement && next.href === url) continue;
    next?.remove();
    const a = document.createElement('a');
    a.className = 'fjs-link-out';
    a.href = url;
    a.target = '_blank';
    a.rel = 'noopener noreferrer';
    a.textContent = `${openLabel}: ${url}`;
    after.insertAdjacentElement('afterend', a);
  }
}
