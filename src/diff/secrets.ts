/**
 * Which values must never be printed: attribute names that say "secret", and Pulumi's own
 * secret encodings. Pure functions, no state.
 */
import { isObj, own } from './values.js';

/** Pulumi's special-signature key, present on secrets, assets, archives, resource refs, outputs. */
export const PULUMI_SIG_KEY = '4dabf18193072939515e22adb298388d';
/** Signature value of a secret: `{ [PULUMI_SIG_KEY]: PULUMI_SECRET_SIG, value | ciphertext }`. */
export const PULUMI_SECRET_SIG = '1b47061264138c4ac30d75fd1eb44270';
/** Signature value of an output value; it is secret when it carries `secret: true`. */
export const PULUMI_OUTPUT_SIG = 'd0e6a833031e9bbcd3f4e8bde6ca49a4';
/** What `pulumi preview --json` prints in place of a secret. */
export const PULUMI_SECRET_TEXT = '[secret]';
/** Pulumi's "unknown string" sentinel, printed for values known only after the update. */
export const PULUMI_UNKNOWN_STRING = '04da6b54-80e4-46f7-96ec-b56ff0331ba9';

/** True for a Pulumi secret in any of its encodings (sigil object, secret output, `"[secret]"`). */
export function isPulumiSecret(v: unknown): boolean {
  if (v === PULUMI_SECRET_TEXT) return true;
  if (!isObj(v)) return false;
  const sig = own(v, PULUMI_SIG_KEY);
  if (sig === PULUMI_SECRET_SIG) return true;
  return sig === PULUMI_OUTPUT_SIG && own(v, 'secret') === true;
}

/** Single words (after splitting snake/kebab/camel case) that mark a secret. */
const SECRET_WORDS = new Set([
  'password',
  'passwords',
  'passwd',
  'pwd',
  'passphrase',
  'secret',
  'secrets',
  'token',
  'tokens',
  'credential',
  'credentials',
  'creds',
  'apikey',
  'apikeys',
  'privatekey',
  'accesskey',
  'secretkey',
  'clientsecret',
  'connectionstring',
  'connstr',
  'kubeconfig',
]);

/** Substrings that mark a secret even inside a mashed-together word (`dbpassword`, `mysecret`). */
const SECRET_SUBSTRINGS = ['password', 'passwd', 'passphrase', 'secret', 'credential'];

/** Two consecutive words that mark a secret (`private_key`, `AccessKey`, `connectionString`). */
const SECRET_BIGRAMS = new Set([
  'private key',
  'access key',
  'api key',
  'secret key',
  'client secret',
  'connection string',
  'conn str',
  'account key',
  'shared key',
  'master key',
  'signing key',
  'auth key',
  'raw key',
  'primary key',
  'secondary key',
  'kube config',
  'sas url',
]);

/**
 * When the LAST word is one of these, the attribute describes a secret rather than holding
 * one: `secret_arn`, `password_length`, `access_key_id`, `token_ttl`, `password_policy`.
 */
const METADATA_LAST_WORDS = new Set([
  'arn',
  'arns',
  'id',
  'ids',
  'name',
  'names',
  'type',
  'types',
  'length',
  'version',
  'versions',
  'required',
  'enabled',
  'disabled',
  'count',
  'ttl',
  'expiry',
  'expiration',
  'policy',
  'policies',
  'rotation',
  'reset',
  'hint',
  'prefix',
  'suffix',
  'mode',
  'format',
  'algorithm',
  'endpoint',
]);

function words(name: string): string[] {
  return name
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1 $2')
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter((w) => w.length > 0);
}

/**
 * True when an attribute NAME says its value is a secret (case-insensitive, snake, kebab or
 * camel case): password, passwd, secret, token, private_key, client_secret, connection_string,
 * access_key, api_key, credentials and the like, or any of `extra`. Names that describe a
 * secret rather than hold one (`secret_arn`, `password_length`, `access_key_id`) are not.
 * `extra` patterns are tested against the raw name and win over that exception.
 */
export function isSecretAttributeName(name: string, extra?: RegExp[]): boolean {
  if (typeof name !== 'string' || name.length === 0) return false;
  if (Array.isArray(extra)) {
    for (const re of extra) {
      // `search` ignores `lastIndex`, so global/sticky regexps behave the same on every call.
      if (re instanceof RegExp && name.search(re) !== -1) return true;
    }
  }
  // The same attribute names come back on every resource: remember the answer (bounded).
  let known = builtInAnswers.get(name);
  if (known === undefined) {
    known = builtInSecretName(name);
    if (builtInAnswers.size < 50_000) builtInAnswers.set(name, known);
  }
  return known;
}

const builtInAnswers = new Map<string, boolean>();

/**
 * Every word that can make builtInSecretName true is a run of letters and digits of the
 * lower-cased name, and each contains one of these: a name containing none of them is not a
 * secret, without splitting it into words (most names, on the first check of a small plan).
 */
const SECRET_NEEDLES = new RegExp(
  [...new Set([...SECRET_WORDS, 'token', ...SECRET_SUBSTRINGS, ...[...SECRET_BIGRAMS].map((b) => b.split(' ')[0] as string)])].join('|'),
);

/** Whether the lower-cased name contains a word that can mark a secret (exported for its test). */
export function mayNameSecret(name: string): boolean {
  return SECRET_NEEDLES.test(name.toLowerCase());
}

function builtInSecretName(name: string): boolean {
  return mayNameSecret(name) && secretByWords(name);
}

/** The rule itself, word by word (exported for the test that mayNameSecret never hides a secret). */
export function secretByWords(name: string): boolean {
  const ws = words(name);
  const last = ws[ws.length - 1];
  if (last === undefined || (ws.length > 1 && METADATA_LAST_WORDS.has(last))) return false;
  for (let i = 0; i < ws.length; i++) {
    const w = ws[i] as string;
    if (SECRET_WORDS.has(w)) return true;
    if (w.endsWith('token') || w.endsWith('tokens')) return true;
    for (const s of SECRET_SUBSTRINGS) if (w.includes(s)) return true;
    const next = ws[i + 1];
    if (next !== undefined && SECRET_BIGRAMS.has(`${w} ${next}`)) return true;
  }
  return false;
}

const PAIR_NAME_FIELDS = ['name', 'Name', 'key', 'Key'];
const PAIR_VALUE_FIELDS = ['value', 'Value'];

/**
 * For `{ name: "DB_PASSWORD", value: "..." }` (ECS/Kubernetes environment entries, variable
 * groups, settings), the keys whose values must be masked because a sibling names a secret.
 */
export function pairedSecretValueKeys(o: unknown, isSecretName: (name: string) => boolean): string[] | null {
  if (!isObj(o)) return null;
  for (const nf of PAIR_NAME_FIELDS) {
    const n = own(o, nf);
    if (typeof n === 'string' && isSecretName(n)) return PAIR_VALUE_FIELDS.filter((vf) => Object.hasOwn(o, vf));
  }
  return null;
}

/** The memo for calls without extra patterns, shared by every diff (the answer never changes). */
let plainNames: ((name: string) => boolean) | undefined;

/** isSecretAttributeName with fixed extra patterns, memoized (the same keys recur on every element). */
export function secretNameCache(extra: RegExp[] | undefined): (name: string) => boolean {
  if (extra === undefined || extra.length === 0) return (plainNames ??= newSecretNameCache(undefined));
  // The same list of patterns for every change of a report: one memo for all of them, as long
  // as the list holds the same patterns (a caller could change its array between calls).
  const known = withExtra.get(extra);
  if (known !== undefined && known.patterns.length === extra.length && known.patterns.every((re, i) => re === extra[i])) return known.isSecret;
  const entry = { patterns: [...extra], isSecret: newSecretNameCache([...extra]) };
  withExtra.set(extra, entry);
  return entry.isSecret;
}

const withExtra = new WeakMap<RegExp[], { patterns: RegExp[]; isSecret: (name: string) => boolean }>();

function newSecretNameCache(extra: RegExp[] | undefined): (name: string) => boolean {
  const memo = new Map<string, boolean>();
  return (name) => {
    let r = memo.get(name);
    if (r === undefined) {
      r = isSecretAttributeName(name, extra);
      if (memo.size < 100_000) memo.set(name, r);
    }
    return r;
  };
}
