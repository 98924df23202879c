/** A small element builder: attributes (with `on…` listeners), then children. */
export function h<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attributes: Record<string, string | ((event: Event) => void) | undefined> = {},
  ...children: (Node | string | null | undefined)[]
): HTMLElementTagNameMap[K] {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value === undefined) continue;
    if (typeof value === 'function') element.addEventListener(name.slice(2), value);
    else element.setAttribute(name, value);
  }
  for (const child of children) if (child !== null && child !== undefined) element.append(child);
  return element;
}

/** What a cell shows for a value there is none of (not ranked, not done, not reachable). */
export const NONE = '–';

/** A number, or the dash for none. */
export const orDash = (value: number | null) => value ?? NONE;

/** An ISO time as people read it: to the second, in UTC (a dash for none). */
export const utc = (iso: string | null) =>
  iso === null ? NONE : `${iso.slice(0, 10)} ${iso.slice(11, 19)} UTC`;

/** What a table cell holds: text, a number (right-aligned), or an element such as a button. */
export type Cell = string | number | Node;

/** A table with a caption and header cells, as people and tests read it. */
export function table(caption: string, headers: string[], rows: Cell[][]) {
  return h(
    'table',
    {},
    h('caption', {}, caption),
    h('thead', {}, h('tr', {}, ...headers.map((name) => h('th', { scope: 'col' }, name)))),
    h(
      'tbody',
      {},
      ...rows.map((row) =>
        h(
          'tr',
          {},
          ...row.map((cell) =>
            h(
              'td',
              typeof cell === 'number' ? { class: 'number' } : {},
              cell instanceof Node ? cell : String(cell),
            ),
          ),
        ),
      ),
    ),
  );
}

/** A button that says what it does; `label` is its accessible name when the text is short. */
export function button(text: string, onClick: () => void, label?: string): HTMLButtonElement {
  return h('button', { type: 'button', 'aria-label': label, onclick: onClick }, text);
}

/**
 * Replaces what `holder` shows with `content`, keeping the keyboard focus on the button of the
 * same name when it was on one inside: a page refreshed every few seconds must not take the
 * focus away from the person using it.
 */
export function redraw(holder: HTMLElement, ...content: Node[]): void {
  const focused = holder.contains(document.activeElement)
    ? document.activeElement?.textContent
    : null;
  holder.replaceChildren(...content);
  if (focused) focusButton(holder, focused);
}

/** Puts the keyboard focus on the button inside `holder` that says `text`, if there is one. */
export function focusButton(holder: HTMLElement, text: string): void {
  [...holder.querySelectorAll('button')].find((b) => b.textContent === text)?.focus();
}

const SVG = 'http://www.w3.org/2000/svg';

/** An SVG element with its attributes and, for text and titles, its text. */
export function svg(
  tag: string,
  attributes: Record<string, string | number>,
  text?: string,
): SVGElement {
  const element = document.createElementNS(SVG, tag);
  for (const [name, value] of Object.entries(attributes)) element.setAttribute(name, String(value));
  if (text !== undefined) element.textContent = text;
  return element;
}
