/**
 * Line grammar of the AWS shared config and credentials files, as pinned by the cross-SDK
 * profile-parser suite (smithy-rs `profile-parser-tests.json`): comments, continuation lines,
 * sub-properties, and the exact error for each malformed line. Section names are interpreted
 * later, in profileSet.ts.
 */
import { ProfileParseError } from '../errors.js';
import { trimSpaceTab } from '../../sigv4/request.js';

/** One `[...]` section as written, with its properties in file order. */
export interface RawSection {
  /** Text between the brackets, untrimmed (`profile foo`, `default`, `sso-session x`). */
  readonly header: string;
  /** 1-based line of the header. */
  readonly line: number;
  /** Keys as written (not yet lower-cased); a later duplicate replaces an earlier one. */
  readonly properties: Map<string, string>;
}

interface State {
  section: RawSection | undefined;
  property: string | undefined;
  isSubProperty: boolean;
}

const BLANK = /^[ \t]*$/;

/**
 * Splits `text` into raw sections. `file` only names the source in errors.
 * @throws {ProfileParseError} `PROFILE_PARSE_ERROR` with the file and 1-based line.
 */
export function parseIniSections(text: string, file: string): RawSection[] {
  const sections: RawSection[] = [];
  const state: State = { section: undefined, property: undefined, isSubProperty: false };
  const lines = text.split('\n');
  for (let index = 0; index < lines.length; index++) {
    const line = (lines[index] ?? '').replace(/\r$/, '');
    const fail = (reason: string): never => {
      throw new ProfileParseError(file, index + 1, reason);
    };
    if (BLANK.test(line) || line.startsWith('#') || line.startsWith(';')) continue;
    if (line.startsWith('[')) {
      const section = readSectionHeader(line, index + 1, fail);
      sections.push(section);
      Object.assign(state, { section, property: undefined, isSubProperty: false });
    } else if (line.startsWith(' ') || line.startsWith('\t')) {
      readContinuation(line, state, fail);
    } else {
      readProperty(line, state, fail);
    }
  }
  return sections;
}

function readSectionHeader(line: string, lineNumber: number, fail: (reason: string) => never): RawSection {
  // In a header a comment character needs no whitespace before it: "[profile foo]; note".
  const prepared = stripComment(line, false);
  if (!prepared.endsWith(']')) fail("Profile definition must end with ']'");
  return { header: prepared.slice(1, -1), line: lineNumber, properties: new Map() };
}

function readProperty(line: string, state: State, fail: (reason: string) => never): void {
  if (state.section === undefined) fail('Expected a profile definition');
  // In a value, '#' or ';' starts a comment only after whitespace: "value#x" keeps its '#'.
  const [key, value] = splitProperty(stripComment(line, true), 'property', fail);
  state.section?.properties.set(key, value);
  state.property = key;
  state.isSubProperty = value === '';
}

function readContinuation(line: string, state: State, fail: (reason: string) => never): void {
  if (state.section === undefined) fail('Expected a profile definition');
  if (state.property === undefined) fail('Expected a property definition, found continuation');
  const trimmed = trimBlank(line);
  if (state.isSubProperty) splitProperty(trimmed, 'sub-property', fail);
  const properties = state.section?.properties;
  const key = state.property ?? '';
  // Continuations keep comment characters: they are part of the value.
  properties?.set(key, `${properties.get(key) ?? ''}\n${trimmed}`);
}

function splitProperty(text: string, kind: 'property' | 'sub-property', fail: (reason: string) => never): [string, string] {
  const equals = text.indexOf('=');
  if (equals < 0) fail(`Expected an '=' sign defining a ${kind}`);
  const key = trimBlank(text.slice(0, equals));
  if (key === '') fail(`${kind === 'property' ? 'Property' : 'Sub-property'} did not have a name`);
  return [key, trimBlank(text.slice(equals + 1))];
}

/**
 * Trims spaces and tabs only: other characters are data. The index scan of the request parser, not
 * `/^[ \t]+|[ \t]+$/g`, which is quadratic on a long run of blanks inside a line.
 */
export const trimBlank: (text: string) => string = trimSpaceTab;

function stripComment(line: string, needsWhitespace: boolean): string {
  const text = trimBlank(line);
  let previousIsSpace = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charAt(i);
    if ((c === '#' || c === ';') && (previousIsSpace || !needsWhitespace)) return trimBlank(text.slice(0, i));
    previousIsSpace = /\s/.test(c);
  }
  return text;
}
