/**
 * A small XML reader for STS query-protocol answers: elements, text, CDATA and the five named
 * entities plus numeric references. No DTDs (refused, so no entity expansion), no attributes kept.
 */
import { ProviderError } from '../../errors.js';

/** An element: local name (namespace prefix dropped), child elements and its own text. */
export interface XmlElement {
  readonly name: string;
  readonly children: readonly XmlElement[];
  readonly text: string;
}

interface Building {
  name: string;
  children: XmlElement[];
  text: string;
}

const TOKEN =
  /<!--[\s\S]*?-->|<\?[\s\S]*?\?>|<!\[CDATA\[([\s\S]*?)\]\]>|<!([^>]*)>|<\/([^\s>]+)\s*>|<([^\s/>!?]+)(?:\s+[^\s=/>]+\s*=\s*(?:"[^"]*"|'[^']*'))*\s*(\/?)>|([^<]+)|(<)/g;
const ENTITY = /&(?:(amp|lt|gt|quot|apos)|#(\d+)|#x([0-9a-fA-F]+));/g;
const NAMED: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

/**
 * Parses `text` into its root element.
 * @throws {ProviderError} `STS_ERROR` when the text is not well-formed XML of the supported subset.
 */
export function parseXml(text: string): XmlElement {
  const root: Building = { name: '#document', children: [], text: '' };
  const stack: Building[] = [root];
  for (const match of text.matchAll(TOKEN)) {
    const [, cdata, declaration, close, open, selfClose, chars, stray] = match;
    const top = stack[stack.length - 1] ?? root;
    if (stray !== undefined || declaration !== undefined) malformed(declaration === undefined ? 'a stray "<"' : 'a DTD or declaration');
    if (cdata !== undefined) top.text += cdata;
    else if (chars !== undefined) top.text += decodeEntities(chars);
    else if (open !== undefined) {
      const element: Building = { name: localName(open), children: [], text: '' };
      top.children.push(element);
      if (selfClose !== '/') stack.push(element);
    } else if (close !== undefined) {
      if (stack.length < 2 || top.name !== localName(close)) malformed(`an unexpected </${close}>`);
      stack.pop();
    }
  }
  const [only] = root.children;
  if (stack.length !== 1 || only === undefined || root.children.length !== 1) malformed('no single root element');
  return only as XmlElement;
}

/** The first descendant reached by following `path` (local names), or undefined. */
export function findPath(element: XmlElement | undefined, path: readonly string[]): XmlElement | undefined {
  let current = element;
  for (const name of path) current = current?.children.find((child) => child.name === name);
  return current;
}

/** Trimmed text of the element at `path`, or undefined. */
export function textAt(element: XmlElement | undefined, path: readonly string[]): string | undefined {
  return findPath(element, path)?.text.trim();
}

function localName(name: string): string {
  const colon = name.indexOf(':');
  return colon < 0 ? name : name.slice(colon + 1);
}

function decodeEntities(text: string): string {
  if (/&(?!(?:amp|lt|gt|quot|apos|#\d+|#x[0-9a-fA-F]+);)/.test(text)) malformed('an unknown entity');
  return text.replace(ENTITY, (_m, name: string | undefined, dec: string | undefined, hex: string | undefined) => {
    if (name !== undefined) return NAMED[name] ?? '';
    const point = Number.parseInt(dec ?? hex ?? '', dec === undefined ? 16 : 10);
    if (!Number.isFinite(point) || point > 0x10ffff) malformed('a bad character reference');
    return String.fromCodePoint(point);
  });
}

function malformed(what: string): never {
  throw new ProviderError('STS_ERROR', `malformed XML in the STS answer: ${what}`);
}
