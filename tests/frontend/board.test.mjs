// frontend/src/board.js: an entry's canonical bytes (RFC 8785), the Merkle hashes and the
// inclusion proof's verification (RFC 9162 sections 2.1.1 and 2.1.3.2) against trees built here by
// the RFC's own definitions, the tree head's Ed25519 signature, and a ballot answered by the server
// checked end to end.
import test from 'node:test';
import assert from 'node:assert/strict';
import {
  canon, entryBytes, leafHash, nodeHash, trackerOf, fromBase64url, toBase64url, rootFromInclusion, verifyInclusion,
  boardKey, signedHeadBytes, headSignature, headHolds, checkBallot,
} from '../../frontend/src/board.js';

const utf8 = new TextDecoder();

test('canon() sorts members by key in UTF-16 code units, with no whitespace', () => {
  assert.equal(canon({ b: 1, a: [true, null, 'é\n"'], A: {}, c: { z: 0, y: -7 } }),
    '{"A":{},"a":[true,null,"é\\n\\""],"b":1,"c":{"y":-7,"z":0}}');
  // RFC 8785 section 3.2.3: U+1F600 (a surrogate pair, D83D DE00) sorts before U+FFFF, which a
  // sort by code point would put first.
  assert.equal(canon({ '\uffff': 1, '\u{1F600}': 2, '\u0080': 3 }), '{"\u0080":3,"\u{1F600}":2,"\uffff":1}');
  assert.equal(canon([]), '[]');
  assert.equal(canon('\u001f'), '"\\u001f"');
});

test('canon() refuses what JSON cannot hold instead of dropping it', () => {
  assert.throws(() => canon({ a: undefined }), TypeError);
  assert.throws(() => canon([Infinity]), TypeError);
  assert.throws(() => canon({ a: () => 1 }), TypeError);
});

// A ballot entry as the server answered `PUT …/ballot` (cabildo serve --test-clock
// 2026-01-10T12:00:00Z, a challenge `hermosillo/x` with one idea), with what it answered beside it:
// the tracker, and, from `GET …/board/proof?leaf=2&size=3`, `GET …/board/head` and `GET …/keys`,
// the proof, the head and the board's key.
const served = {
  entry: {
    type: 'ballot', seq: 2, challenge: 'hermosillo/x', at: '2026-01-10T12:00:00Z', content: { ideas: [1] },
    proof: 'eyJhbGciOiJFZERTQSIsInR5cCI6IkpXVCJ9.eyJhdWQiOiJ4IiwiZXhwIjoxNzcxOTEyODAwLCJpYXQiOjE3NjgwNDY0MDAsImlzcyI6Imhlcm1vc2lsbG8iLCJqdGkiOiJRdlI0WVcyajRVdUdKRXctZTBwVG13In0.vHaFN7vCXTKpDEPL6QphorLmNiov-YxasoVMZmhzJ2TbOKKGi4Hoegn57SFsYkOfo1J9Jy2ut5khcDsXOl0bAQ',
    supersedes: null, token: 'x1AvX3lGEcpR8eTkh1PkobeHnqQp_A3tzw51VVbEVfI',
  },
  leaf: 2,
  tracker: 'S85siSL8ZJAtb_OLFsai_KlpZAWRiW1nG2x7ecWDgi8',
  proof: { leaf_index: 2, tree_size: 3, leaf_hash: 'sDryZzN5WOpCXvlpuvO7P2BD9KT-V36YDItwD7AZkf0',
    audit_path: ['c_rrsRfDXCTU6lcCtub49ZIVDsgiZ05R8lJRAFYRJVM'] },
  head: { challenge: 'hermosillo/x', tree_size: 3, timestamp: 1768046400000, root_hash: '9QJTy1AR9nLS_Rc2-VakhJfnw83hgycy83UyAh3Gkpc',
    signature: 'Y6bIeaps4hoheMkg7H8gBKT4dpJtsdGBE_3IddL6YlO5Nf3vDtxWIGN6ibRzUESNDJO887q4ZtkwLy5JVQWuCw' },
  jwks: { keys: [
    { alg: 'EdDSA', crv: 'Ed25519', kid: 'S3ELRYW2k_a5DZ5Jo72Zj2QPfF7oS8mtvqjwiL4H7F4', kty: 'OKP', use: 'sig', x: 'Dap-Sys4GGbPzM1nOt8P9vZn6pZdNm4G3giIdL43jZg' },
    { alg: 'EdDSA', crv: 'Ed25519', kid: '-NuGpXgena3qOtTuGF9jWIp3uM_no5L8PEBnxGwdNoQ', kty: 'OKP', purpose: 'board', use: 'sig', x: 'Cmm2DYlo07Z_JqerIWigsCqtiXuiyGOBKrpijBfnDhw' },
  ] },
};

test('an entry\'s bytes, tracker and leaf hash are the server\'s', async () => {
  assert.equal(utf8.decode(entryBytes({ type: 'ballot', content: { ideas: [1] }, at: '2026-01-10T12:00:00Z' })),
    '{"at":"2026-01-10T12:00:00Z","content":{"ideas":[1]},"type":"ballot"}');
  assert.ok(utf8.decode(entryBytes(served.entry)).startsWith('{"at":"2026-01-10T12:00:00Z","challenge":"hermosillo/x","content":{"ideas":[1]},"proof":"eyJ'));
  assert.equal(await trackerOf(served.entry), served.tracker);
  assert.equal(toBase64url(await leafHash(served.entry)), served.proof.leaf_hash);
});

test('base64url both ways, with or without padding; anything else refused', () => {
  const bytes = Uint8Array.of(0xfb, 0xff, 0xbf, 0x00, 0x10);
  assert.equal(toBase64url(bytes), '-_-_ABA');
  assert.deepEqual(fromBase64url('-_-_ABA'), bytes);
  assert.deepEqual(fromBase64url('-_-_ABA='), bytes);
  assert.throws(() => fromBase64url('+/+/ABA'), TypeError);
  assert.throws(() => fromBase64url(null), TypeError);
});

// ---- a tree built by RFC 9162 section 2.1's definitions ----

const leafOf = (i) => leafHash({ type: 'test', seq: i });
// k: the largest power of two smaller than n (n > 1).
const split = (n) => 2 ** Math.floor(Math.log2(n - 1));

// MTH(D[n]), section 2.1.1, from the leaves' hashes.
async function mth(leaves) {
  if (leaves.length === 1) return leaves[0];
  const k = split(leaves.length);
  return nodeHash(await mth(leaves.slice(0, k)), await mth(leaves.slice(k)));
}

// PATH(m, D[n]), section 2.1.3.1.
async function auditPath(m, leaves) {
  if (leaves.length === 1) return [];
  const k = split(leaves.length);
  return m < k ? [...await auditPath(m, leaves.slice(0, k)), await mth(leaves.slice(k))]
    : [...await auditPath(m - k, leaves.slice(k)), await mth(leaves.slice(0, k))];
}

async function tree(n) {
  const leaves = await Promise.all(Array.from({ length: n }, (_, i) => leafOf(i)));
  return { leaves, root: await mth(leaves) };
}

test('every leaf\'s proof verifies in trees of 1 to 13 leaves', async () => {
  for (let n = 1; n <= 13; n += 1) {
    const { leaves, root } = await tree(n);
    for (let m = 0; m < n; m += 1) {
      const path = await auditPath(m, leaves);
      assert.ok(await verifyInclusion({ index: m, size: n, leaf: leaves[m], path, root }), `leaf ${m} of ${n}`);
    }
  }
});

test('a tampered leaf, path, index, size or root does not verify', async () => {
  const n = 7;
  const { leaves, root } = await tree(n);
  const m = 4;
  const path = await auditPath(m, leaves);
  const flipped = (bytes) => Uint8Array.from(bytes, (b, i) => (i === 0 ? b ^ 1 : b));
  const proof = { index: m, size: n, leaf: leaves[m], path, root };
  assert.ok(await verifyInclusion(proof));
  assert.equal(await verifyInclusion({ ...proof, leaf: await leafOf(99) }), false, 'another entry');
  assert.equal(await verifyInclusion({ ...proof, leaf: leaves[3] }), false, 'the neighbour\'s leaf');
  for (let i = 0; i < path.length; i += 1)
    assert.equal(await verifyInclusion({ ...proof, path: path.map((p, j) => (j === i ? flipped(p) : p)) }), false, `path[${i}] changed`);
  assert.equal(await verifyInclusion({ ...proof, path: path.slice(1) }), false, 'a hash left out');
  assert.equal(await verifyInclusion({ ...proof, path: [...path, path[0]] }), false, 'a hash too many');
  assert.equal(await verifyInclusion({ ...proof, path: [...path].reverse() }), false, 'the hashes reordered');
  assert.equal(await verifyInclusion({ ...proof, index: 5 }), false, 'another index');
  // (Size 8 would verify: its path for leaf 4 hashes in the same order. The signed head binds the size.)
  assert.equal(await verifyInclusion({ ...proof, size: 6 }), false, 'another size');
  assert.equal(await verifyInclusion({ ...proof, root: flipped(root) }), false, 'another root');
  assert.equal(await verifyInclusion({ ...proof, path: [path[0].slice(1), ...path.slice(1)] }), false, 'a hash of 31 bytes');
  assert.equal(await rootFromInclusion(7, 7, leaves[0], []), null, 'an index past the tree');
  assert.equal(await rootFromInclusion(-1, 7, leaves[0], path), null, 'a negative index');
  // A tree of one leaf: its root is the leaf, the path empty.
  const one = await tree(1);
  assert.deepEqual(await rootFromInclusion(0, 1, one.leaves[0], []), one.root);
});

// ---- the head's signature ----

async function boardSigner() {
  const pair = await crypto.subtle.generateKey({ name: 'Ed25519' }, true, ['sign', 'verify']);
  const x = toBase64url(new Uint8Array(await crypto.subtle.exportKey('raw', pair.publicKey)));
  const sign = async (head) => ({ ...head,
    signature: toBase64url(new Uint8Array(await crypto.subtle.sign({ name: 'Ed25519' }, pair.privateKey, signedHeadBytes(head)))) });
  return { jwk: { kty: 'OKP', crv: 'Ed25519', x, purpose: 'board' }, sign };
}

test('a head signs its four members\' canonical JSON, and a changed member breaks it', async () => {
  assert.equal(utf8.decode(signedHeadBytes(served.head)),
    '{"challenge":"hermosillo/x","root_hash":"9QJTy1AR9nLS_Rc2-VakhJfnw83hgycy83UyAh3Gkpc","timestamp":1768046400000,"tree_size":3}');
  assert.equal(boardKey(served.jwks)?.x, 'Cmm2DYlo07Z_JqerIWigsCqtiXuiyGOBKrpijBfnDhw');
  assert.equal(boardKey({ keys: [served.jwks.keys[0]] }), null, 'a token key is not the board\'s');
  assert.equal(boardKey(null), null);
  assert.equal(await headSignature(served.head, boardKey(served.jwks)), 'valid');
  assert.equal(await headSignature(served.head, served.jwks.keys[0]), 'invalid', 'the token key');
  const { jwk, sign } = await boardSigner();
  const head = await sign({ challenge: 'hermosillo/y', tree_size: 5, timestamp: 1768046400000, root_hash: served.head.root_hash });
  assert.equal(await headSignature(head, jwk), 'valid');
  assert.equal(await headSignature({ ...head, tree_size: 6 }, jwk), 'invalid');
  assert.equal(await headSignature({ ...head, signature: 'AAAA' }, jwk), 'invalid');
  assert.equal(await headSignature(head, { ...jwk, x: 'AAAA' }), 'invalid', 'a key that is not 32 bytes');
});

test('a head holds a leaf only for its challenge and below its size', () => {
  assert.ok(headHolds(served.head, 'hermosillo/x', 2));
  assert.equal(headHolds(served.head, 'hermosillo/x', 3), false);
  assert.equal(headHolds(served.head, 'hermosillo/y', 2), false);
  assert.equal(headHolds({ ...served.head, tree_size: '3' }, 'hermosillo/x', 2), false);
  assert.equal(headHolds(null, 'hermosillo/x', 2), false);
});

// ---- a ballot checked end to end ----

test('the server\'s ballot is on its board, under a head signed by its board key', async () => {
  const { entry, leaf, tracker, proof, head, jwks } = served;
  const kept = { challenge: 'hermosillo/x', entry, leaf, tracker, proof, head, jwks };
  assert.deepEqual(await checkBallot(kept), { included: true, signature: 'valid', failed: null });
  // The entry changed on the device: it is not the board's leaf.
  const changed = { ...entry, content: { ideas: [2] } };
  assert.deepEqual(await checkBallot({ ...kept, entry: changed }), { included: false, signature: null, failed: 'entry' });
  assert.equal((await checkBallot({ ...kept, tracker: 'x' })).failed, 'entry');
  // The entry and the proof's leaf hash changed together: the proof no longer reaches the root.
  const forged = { ...proof, leaf_hash: toBase64url(await leafHash(changed)) };
  assert.equal((await checkBallot({ ...kept, entry: changed, tracker: await trackerOf(changed), proof: forged })).failed, 'proof');
  assert.equal((await checkBallot({ ...kept, proof: { ...proof, audit_path: [served.head.root_hash] } })).failed, 'proof');
  assert.equal((await checkBallot({ ...kept, proof: { ...proof, audit_path: ['not base64!'] } })).failed, 'entry');
  assert.equal((await checkBallot({ ...kept, head: { ...head, challenge: 'hermosillo/y' } })).failed, 'head');
  assert.deepEqual(await checkBallot({ ...kept, jwks: { keys: [jwks.keys[0]] } }), { included: true, signature: null, failed: 'key' });
  assert.deepEqual(await checkBallot({ ...kept, head: { ...head, timestamp: head.timestamp + 1 } }),
    { included: true, signature: 'invalid', failed: 'signature' });
});

test('a ballot in a larger tree, signed by a fresh board key', async () => {
  const n = 11;
  const entries = Array.from({ length: n }, (_, i) => ({ type: 'ballot', seq: i, content: { ideas: [i % 3] } }));
  const leaves = await Promise.all(entries.map(leafHash));
  const { jwk, sign } = await boardSigner();
  const head = await sign({ challenge: 'm/c', tree_size: n, timestamp: 1768046400000, root_hash: toBase64url(await mth(leaves)) });
  const leaf = 9;
  const proof = { leaf_index: leaf, tree_size: n, leaf_hash: toBase64url(leaves[leaf]),
    audit_path: (await auditPath(leaf, leaves)).map(toBase64url) };
  const kept = { challenge: 'm/c', entry: entries[leaf], leaf, tracker: await trackerOf(entries[leaf]), head, proof, jwks: { keys: [jwk] } };
  assert.deepEqual(await checkBallot(kept), { included: true, signature: 'valid', failed: null });
  assert.equal((await checkBallot({ ...kept, proof: { ...proof, tree_size: n - 1 } })).failed, 'proof', 'a proof for another size');
});
