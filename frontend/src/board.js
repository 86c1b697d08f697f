// A challenge's public bulletin board checked on the device, with the browser's own WebCrypto (no
// hash or signature of our own): an entry's bytes (RFC 8785), its leaf hash and the tree's node
// hashes (RFC 9162 section 2.1.1), the inclusion proof's verification (section 2.1.3.2), the
// consistency proof's (section 2.1.4.2) between the head the ballot landed in and today's, and the
// tree heads' Ed25519 signatures by the key the challenge's JWKS lists with `purpose: board`.
// No request and no page here: pages/board-check.js asks the server and says the answer in words.
import { keyPurpose } from './vocabulary.js';

const encoder = new TextEncoder();
const hashBytes = 32;

// RFC 8785 (JSON Canonicalization Scheme) for what a board entry holds: strings, numbers, booleans,
// null, arrays and objects. Members sorted by key in UTF-16 code units, which is JavaScript's own
// sort (section 3.2.3); no whitespace; strings and numbers as JSON.stringify writes them, which is
// what sections 3.2.2.2 and 3.2.2.3 ask. Anything JSON cannot hold is refused, never skipped.
export function canon(value) {
  if (Array.isArray(value)) return `[${value.map(canon).join(',')}]`;
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return JSON.stringify(value);
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new TypeError('canon: a number JSON cannot hold');
    return JSON.stringify(value);
  }
  if (typeof value === 'object') {
    return `{${Object.keys(value).sort().map((k) => `${JSON.stringify(k)}:${canon(value[k])}`).join(',')}}`;
  }
  throw new TypeError(`canon: a ${typeof value} JSON cannot hold`);
}

// 'S85siSL8…' → its bytes; RFC 4648 section 5, with or without padding. Throws on anything else.
export function fromBase64url(text) {
  if (typeof text !== 'string' || !/^[A-Za-z0-9_-]*={0,2}$/.test(text)) throw new TypeError('not base64url');
  const b64 = text.replace(/=+$/, '').replace(/-/g, '+').replace(/_/g, '/');
  const binary = atob(b64 + '='.repeat((4 - (b64.length % 4)) % 4));
  return Uint8Array.from(binary, (ch) => ch.charCodeAt(0));
}

export function toBase64url(bytes) {
  let binary = '';
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

const sameBytes = (a, b) => a.length === b.length && a.every((x, i) => x === b[i]);

// WebCrypto exists only in a secure context (https, or the machine itself): without it nothing
// here can run, and the page says so.
export const canCheck = () => Boolean(globalThis.crypto?.subtle);

async function sha256(...parts) {
  const all = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const part of parts) {
    all.set(part, at);
    at += part.length;
  }
  return new Uint8Array(await crypto.subtle.digest('SHA-256', all));
}

const leafPrefix = Uint8Array.of(0x00);
const nodePrefix = Uint8Array.of(0x01);

// An entry's bytes on the board: its canonical JSON in UTF-8.
export const entryBytes = (entry) => encoder.encode(canon(entry));

// RFC 9162 section 2.1.1: a leaf is SHA-256(0x00 || entry), a node SHA-256(0x01 || left || right).
export const leafHash = async (entry) => sha256(leafPrefix, entryBytes(entry));
export const nodeHash = async (left, right) => sha256(nodePrefix, left, right);

// The tracker the server gave with the ballot: base64url of SHA-256 of the entry's bytes.
export const trackerOf = async (entry) => toBase64url(await sha256(entryBytes(entry)));

// RFC 9162 section 2.1.3.2, step by step: the root that the audit path `path` (hashes, first the
// leaf's sibling) leads to from the hash `leaf` of leaf `index` in a tree of `size` leaves, or null
// when the path cannot belong to that leaf and size (too short, too long, a hash not 32 bytes).
// fn and sn halve by division, not by bit shifts, so no index is cut to 32 bits.
export async function rootFromInclusion(index, size, leaf, path) {
  if (!Number.isSafeInteger(index) || !Number.isSafeInteger(size) || index < 0 || index >= size) return null;
  if (leaf?.length !== hashBytes || !Array.isArray(path)) return null;
  let fn = index;
  let sn = size - 1;
  let r = leaf;
  for (const p of path) {
    if (sn === 0 || p?.length !== hashBytes) return null;
    if (fn % 2 === 1 || fn === sn) {
      r = await nodeHash(p, r);
      while (fn % 2 === 0 && fn !== 0) {
        fn /= 2;
        sn = Math.floor(sn / 2);
      }
    } else {
      r = await nodeHash(r, p);
    }
    fn = Math.floor(fn / 2);
    sn = Math.floor(sn / 2);
  }
  return sn === 0 ? r : null;
}

// True when the audit path proves leaf `index` with hash `leaf` is in the tree of `size` leaves whose
// root is `root` (all hashes as bytes).
export async function verifyInclusion({ index, size, leaf, path, root }) {
  const computed = await rootFromInclusion(index, size, leaf, path);
  return computed !== null && root?.length === hashBytes && sameBytes(computed, root);
}

// Whether n (a positive safe integer) is 2 to some power; by division, as no bit trick reaches
// past 32 bits.
function powerOfTwo(n) {
  let k = n;
  while (k % 2 === 0) k /= 2;
  return k === 1;
}

// RFC 9162 section 2.1.4.2, step by step: true when `path` (the server's consistency_path) proves
// that the tree of `second` leaves with root `secondRoot` extends the tree of its first `first`
// leaves with root `firstRoot`: the second holds the first's leaves unchanged, in their places, and
// only adds after them. The same size needs no proof: the roots must be equal and the path empty.
// No proof is about the empty tree (every tree extends it), so `first` is at least 1. fn and sn
// halve by division, as in rootFromInclusion.
export async function verifyConsistency({ first, second, firstRoot, secondRoot, path }) {
  if (!Number.isSafeInteger(first) || !Number.isSafeInteger(second) || first < 1 || first > second) return false;
  if (firstRoot?.length !== hashBytes || secondRoot?.length !== hashBytes || !Array.isArray(path)) return false;
  if (first === second) return path.length === 0 && sameBytes(firstRoot, secondRoot);
  if (path.length === 0 || path.some((p) => p?.length !== hashBytes)) return false;
  // A first tree of a power of two leaves is a node of the second: its root starts the path.
  const nodes = powerOfTwo(first) ? [firstRoot, ...path] : path;
  let fn = first - 1;
  let sn = second - 1;
  while (fn % 2 === 1) {
    fn = Math.floor(fn / 2);
    sn = Math.floor(sn / 2);
  }
  let fr = nodes[0];
  let sr = nodes[0];
  for (const c of nodes.slice(1)) {
    if (sn === 0) return false;
    if (fn % 2 === 1 || fn === sn) {
      fr = await nodeHash(c, fr);
      sr = await nodeHash(c, sr);
      while (fn % 2 === 0 && fn !== 0) {
        fn /= 2;
        sn = Math.floor(sn / 2);
      }
    } else {
      sr = await nodeHash(sr, c);
    }
    fn = Math.floor(fn / 2);
    sn = Math.floor(sn / 2);
  }
  return sn === 0 && sameBytes(fr, firstRoot) && sameBytes(sr, secondRoot);
}

// The board's key in a challenge's JWKS: the last Ed25519 key with `purpose: board`, or null.
export function boardKey(jwks) {
  const keys = Array.isArray(jwks?.keys) ? jwks.keys : [];
  return keys.filter((k) => k?.purpose === keyPurpose.board && k.kty === 'OKP' && k.crv === 'Ed25519'
    && typeof k.x === 'string').pop() ?? null;
}

// What a tree head's signature covers: the canonical JSON of its four members other than the
// signature itself.
export const signedHeadBytes = (head) => entryBytes({ challenge: head.challenge, tree_size: head.tree_size,
  timestamp: head.timestamp, root_hash: head.root_hash });

// The head's Ed25519 signature by `jwk`: 'valid', 'invalid', or 'unsupported' when this browser's
// WebCrypto has no Ed25519 (it came in 2023 to 2025: Safari 17, Firefox 129, Chrome 137).
export async function headSignature(head, jwk) {
  let key;
  try {
    key = await crypto.subtle.importKey('raw', fromBase64url(jwk.x), { name: 'Ed25519' }, false, ['verify']);
  } catch (e) {
    return e?.name === 'NotSupportedError' ? 'unsupported' : 'invalid';
  }
  try {
    return await crypto.subtle.verify({ name: 'Ed25519' }, key, fromBase64url(head.signature), signedHeadBytes(head))
      ? 'valid' : 'invalid';
  } catch {
    return 'invalid';
  }
}

// Whether `head` can be the signed head of `challenge` ('municipality/challenge') that holds `leaf`.
export function headHolds(head, challenge, leaf) {
  return Boolean(head) && head.challenge === challenge && Number.isSafeInteger(head.tree_size)
    && Number.isSafeInteger(head.timestamp) && typeof head.root_hash === 'string'
    && typeof head.signature === 'string' && Number.isSafeInteger(leaf) && leaf >= 0 && leaf < head.tree_size;
}

// A head's root as bytes, or null when it is not base64url of 32 bytes.
function rootOf(head) {
  try {
    const root = fromBase64url(head.root_hash);
    return root.length === hashBytes ? root : null;
  } catch {
    return null;
  }
}

// Whether today's head `head` (root `root`) extends the kept head `kept` (root `keptRoot`): the same
// size and root, or a larger tree and the server's consistency proof between the two sizes
// (`consistency`, {first, second, consistency_path}).
async function extendsKept(kept, keptRoot, head, root, consistency) {
  let path = [];
  if (kept.tree_size !== head.tree_size) {
    if (consistency?.first !== kept.tree_size || consistency?.second !== head.tree_size) return false;
    try {
      path = (consistency.consistency_path ?? []).map(fromBase64url);
    } catch {
      return false; // hashes that are not base64url
    }
  }
  return verifyConsistency({ first: kept.tree_size, second: head.tree_size, firstRoot: keptRoot, secondRoot: root, path });
}

// A ballot kept on the device (`entry`, its `leaf` index, `tracker`, and `keptHead`, the signed head
// it landed in, or null for a receipt kept without one) checked against today's head of the board
// (`head`), the server's inclusion proof at that head's size (`proof`), its consistency proof from
// the kept head's size to today's (`consistency`; none needed when the sizes are equal) and the
// challenge's JWKS (`jwks`). Answers {included, signature, keptSignature, extended, failed}:
// `included` when the proof leads from the entry to the head's root; `signature` and
// `keptSignature` the two heads' signatures, 'valid', 'invalid', 'unsupported' or null (not
// reached); `extended` true when today's head extends the kept one, false when it does not, null
// when there is no kept head or the check did not reach it; `failed` the first part that did not
// hold, or null:
//   head         today's head is not this challenge's, is malformed, or is older than the leaf
//   entry        the kept entry is not the board's leaf (changed on the device, or never there)
//   proof        the proof does not lead to the head's root
//   key          the JWKS has no board key
//   signature    today's head's signature is not the board key's
//   kept         the kept head is not this challenge's, is malformed, does not hold the leaf, or its
//                signature is not the board key's (changed on the device, or never the board's)
//   consistency  today's head does not extend the kept head (smaller, another root at the same
//                size, or a proof that does not hold): the board key signed two histories that
//                cannot both be true, so the server rewrote the board's
export async function checkBallot({ challenge, entry, leaf, tracker, keptHead = null, head, proof, consistency = null, jwks }) {
  const report = { included: false, signature: null, keptSignature: null, extended: null, failed: null };
  if (!headHolds(head, challenge, leaf)) return { ...report, failed: 'head' };
  let mine;
  let path;
  let root;
  try {
    mine = await leafHash(entry);
    if (tracker !== await trackerOf(entry) || proof?.leaf_hash !== toBase64url(mine)) return { ...report, failed: 'entry' };
    path = (proof.audit_path ?? []).map(fromBase64url);
    root = fromBase64url(head.root_hash);
  } catch {
    return { ...report, failed: 'entry' }; // an entry canon() refuses, or hashes that are not base64url
  }
  const included = proof.leaf_index === leaf && proof.tree_size === head.tree_size
    && await verifyInclusion({ index: leaf, size: head.tree_size, leaf: mine, path, root });
  if (!included) return { ...report, failed: 'proof' };
  const key = boardKey(jwks);
  if (!key) return { ...report, included, failed: 'key' };
  const signature = await headSignature(head, key);
  if (signature === 'invalid') return { ...report, included, signature, failed: 'signature' };
  if (!keptHead) return { ...report, included, signature };
  // The kept head's signature before its root is used: a root changed on the device is the
  // device's doing, not the server's.
  const keptRoot = headHolds(keptHead, challenge, leaf) ? rootOf(keptHead) : null;
  if (!keptRoot) return { ...report, included, signature, failed: 'kept' };
  const keptSignature = await headSignature(keptHead, key);
  if (keptSignature === 'invalid') return { ...report, included, signature, keptSignature, failed: 'kept' };
  const extended = await extendsKept(keptHead, keptRoot, head, root, consistency);
  return { included, signature, keptSignature, extended, failed: extended ? null : 'consistency' };
}
