/**
 * Shared config and credentials files: which sections count as profiles, how the two files merge,
 * and the sub-property syntax. Follows the cross-SDK profile-parser suite case for case.
 */
import { parseIniSections, type RawSection, trimBlank } from './iniParser.js';

/** Properties of one profile (keys lower-cased). A sub-property block is kept as its raw text. */
export type Profile = ReadonlyMap<string, string>;

/** The merged contents of the config and credentials files. */
export interface ProfileSet {
  readonly profiles: ReadonlyMap<string, Profile>;
  readonly ssoSessions: ReadonlyMap<string, Profile>;
  /** `[services name]` sections, which hold per-service settings such as `sts =\n  endpoint_url = ...`. */
  readonly services: ReadonlyMap<string, Profile>;
}

/** The two files' text; a missing file is `undefined`. Names are only used in error messages. */
export interface ProfileFiles {
  readonly configFile?: string | undefined;
  readonly credentialsFile?: string | undefined;
  readonly configPath?: string | undefined;
  readonly credentialsPath?: string | undefined;
}

type Kind = 'config' | 'credentials';
type SectionType = 'profile' | 'sso-session' | 'services';
type Target = { readonly type: SectionType; readonly name: string; readonly unprefixedDefault: boolean };

// Profile, session and property names: [A-Za-z0-9_\-/.%@:+]+ (others are ignored, as the suite expects).
const IDENTIFIER = /^[A-Za-z0-9_\-/.%@:+]+$/;

/**
 * Parses and merges the config and credentials files. Credentials-file values win on conflicts.
 * @throws {ProfileParseError} `PROFILE_PARSE_ERROR` naming the file and line.
 */
export function parseProfileFiles(files: ProfileFiles): ProfileSet {
  const set = { profiles: new Map<string, Map<string, string>>(), ssoSessions: new Map(), services: new Map() };
  if (files.configFile !== undefined) mergeFile(set, parseIniSections(files.configFile, files.configPath ?? 'config'), 'config');
  if (files.credentialsFile !== undefined) {
    mergeFile(set, parseIniSections(files.credentialsFile, files.credentialsPath ?? 'credentials'), 'credentials');
  }
  return set;
}

function mergeFile(set: Record<'profiles' | 'ssoSessions' | 'services', Map<string, Map<string, string>>>, sections: RawSection[], kind: Kind): void {
  const targets = sections.map((s) => [s, classify(s.header, kind)] as const);
  // `[profile default]` anywhere in a config file shadows every plain `[default]` in it.
  const shadowDefault = targets.some(([, t]) => t?.type === 'profile' && t.name === 'default' && !t.unprefixedDefault);
  for (const [section, target] of targets) {
    if (target === undefined || (shadowDefault && target.unprefixedDefault)) continue;
    const bucket = target.type === 'profile' ? set.profiles : target.type === 'sso-session' ? set.ssoSessions : set.services;
    let properties = bucket.get(target.name);
    if (properties === undefined) bucket.set(target.name, (properties = new Map()));
    for (const [key, value] of section.properties) {
      const name = key.toLowerCase();
      if (IDENTIFIER.test(name)) properties.set(name, value);
    }
  }
}

function classify(header: string, kind: Kind): Target | undefined {
  const text = trimBlank(header);
  const split = /[ \t]/.exec(text);
  const prefix = split ? text.slice(0, split.index) : undefined;
  const name = split ? trimBlank(text.slice(split.index)) : text;
  if (!IDENTIFIER.test(name)) return undefined;
  if (kind === 'credentials') return prefix === undefined ? { type: 'profile', name, unprefixedDefault: false } : undefined;
  if (prefix === undefined) return name === 'default' ? { type: 'profile', name, unprefixedDefault: true } : undefined;
  if (prefix === 'profile' || prefix === 'sso-session' || prefix === 'services') return { type: prefix, name, unprefixedDefault: false };
  return undefined;
}

/**
 * Reads a sub-property block (`s3 =\n  addressing_style = path`) into a map; keys lower-cased.
 * Lines without `=` were already rejected by the parser.
 */
export function parseSubProperties(raw: string | undefined): ReadonlyMap<string, string> {
  const out = new Map<string, string>();
  for (const line of (raw ?? '').split('\n')) {
    const equals = line.indexOf('=');
    if (equals > 0) out.set(trimBlank(line.slice(0, equals)).toLowerCase(), trimBlank(line.slice(equals + 1)));
  }
  return out;
}
