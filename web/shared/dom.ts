/** Small DOM helpers: the pages are plain TypeScript, no framework. */

type Child = Node | string | number | null | undefined | false;

export interface ElementOptions {
  class?: string;
  text?: string;
  /** data-* attributes, e.g. { testid: 'offer' } sets data-testid. */
  data?: Record<string, string>;
  attrs?: Record<string, string>;
  on?: { [K in keyof HTMLElementEventMap]?: (event: HTMLElementEventMap[K]) => void };
}

export function el<K extends keyof HTMLElementTagNameMap>(tag: K, options: ElementOptions = {}, ...children: Child[]): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  if (options.class) node.className = options.class;
  if (options.text !== undefined) node.textContent = options.text;
  for (const [k, v] of Object.entries(options.data ?? {})) node.dataset[k] = v;
  for (const [k, v] of Object.entries(options.attrs ?? {})) node.setAttribute(k, v);
  for (const [type, handler] of Object.entries(options.on ?? {})) node.addEventListener(type, handler as EventListener);
  for (const c of children) if (c !== null && c !== undefined && c !== false) node.append(typeof c === 'number' ? String(c) : c);
  return node;
}

/** The element with this id; a page whose HTML lacks it is a bug worth a clear message. */
export function byId<T extends HTMLElement = HTMLElement>(id: string): T {
  const node = document.getElementById(id);
  if (!node) throw new Error(`The page has no #${id}: is web/dist up to date (npm run build:web)?`);
  return node as T;
}

/** Replaces an element's children. */
export function render(parent: HTMLElement, ...children: Child[]): void {
  parent.replaceChildren(...children.filter((c): c is Node | string | number => c !== null && c !== undefined && c !== false).map((c) => (typeof c === 'number' ? String(c) : c)));
}

export function show(node: HTMLElement, visible: boolean): void {
  node.hidden = !visible;
}
