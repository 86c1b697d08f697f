// frontend/src/board.js: an entry's canonical bytes (RFC 8785), the Merkle hashes and the
// inclusion and consistency proofs' verification (RFC 9162 sections 2.1.1, 2.1.3.2 and 2.1.4.2)
// against trees built here by the RFC's own definitions, the tree head's Ed25519 signature, and a
// ballot answered by the server checked end to end, with the head it landed in.
import test from 'node:test';
import assert from 'node:assert/strict';
import {
  canon, entryBytes, leafHash, nodeHash, trackerOf, fromBase64url, toBase64url, rootFromInclusion, verifyInclusion,
  verifyConsistency, boardKey, signedHeadBytes, headSignature, headHolds, checkBallot,
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

// PROOF(m, D[n]) = SUBPROOF(m, D[n], true), section 2.1.4.1.
async function subproof(m, leaves, whole) {
  const n = leaves.length;
  if (m === n) return whole ? [] : [await mth(leaves)];
  const k = split(n);
  return m <= k ? [...await subproof(m, leaves.slice(0, k), whole), await mth(leaves.slice(k))]
    : [...await subproof(m - k, leaves.slice(k), false), await mth(leaves.slice(0, k))];
}
const consistencyPath = (m, leaves) => subproof(m, leaves, true);

async function tree(n) {
  const leaves = await Promise.all(Array.from({ length: n }, (_, i) => leafOf(i)));
  return { leaves, root: await mth(leaves) };
}

// A hash with one bit of its first byte changed.
const flipped = (bytes) => Uint8Array.from(bytes, (b, i) => (i === 0 ? b ^ 1 : b));

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

test('every consistency proof between trees of 1 to 13 leaves verifies', async () => {
  const whole = await tree(13);
  const roots = [null];
  for (let n = 1; n <= 13; n += 1) roots.push(await mth(whole.leaves.slice(0, n)));
  for (let n = 1; n <= 13; n += 1) {
    const leaves = whole.leaves.slice(0, n);
    for (let m = 1; m <= n; m += 1) {
      const path = await consistencyPath(m, leaves);
      assert.ok(await verifyConsistency({ first: m, second: n, firstRoot: roots[m], secondRoot: roots[n], path }), `${m} to ${n}`);
    }
  }
});

// (Another size may verify where its path has the same shape, 1 to 3 as 1 to 4: the signed heads
// bind the sizes.)
test('a changed path element or root, or swapped sizes, do not verify', async () => {
  const whole = await tree(13);
  const rootOf = (n) => mth(whole.leaves.slice(0, n));
  for (let n = 2; n <= 13; n += 1) {
    const leaves = whole.leaves.slice(0, n);
    for (let m = 1; m < n; m += 1) {
      const proof = { first: m, second: n, firstRoot: await rootOf(m), secondRoot: await rootOf(n), path: await consistencyPath(m, leaves) };
      const what = `${m} to ${n}`;
      for (let i = 0; i < proof.path.length; i += 1) {
        const path = proof.path.map((p, j) => (j === i ? flipped(p) : p));
        assert.equal(await verifyConsistency({ ...proof, path }), false, `${what}, path[${i}] changed`);
      }
      assert.equal(await verifyConsistency({ ...proof, firstRoot: flipped(proof.firstRoot) }), false, `${what}, first root changed`);
      assert.equal(await verifyConsistency({ ...proof, secondRoot: flipped(proof.secondRoot) }), false, `${what}, second root changed`);
      assert.equal(await verifyConsistency({ ...proof, first: n, second: m, firstRoot: proof.secondRoot, secondRoot: proof.firstRoot }), false,
        `${what}, sizes and roots swapped`);
      assert.equal(await verifyConsistency({ ...proof, first: n, second: m }), false, `${what}, sizes swapped`);
      assert.equal(await verifyConsistency({ ...proof, path: proof.path.slice(0, -1) }), false, `${what}, a hash left out`);
      assert.equal(await verifyConsistency({ ...proof, path: [...proof.path, proof.path[0]] }), false, `${what}, a hash too many`);
    }
  }
});

test('the same size needs equal roots and no path; the empty tree and a rewritten history prove nothing', async () => {
  const { leaves, root } = await tree(5);
  const other = await mth([...leaves.slice(0, 4), await leafOf(99)]);
  assert.ok(await verifyConsistency({ first: 5, second: 5, firstRoot: root, secondRoot: root, path: [] }));
  assert.equal(await verifyConsistency({ first: 5, second: 5, firstRoot: root, secondRoot: other, path: [] }), false, 'another root');
  assert.equal(await verifyConsistency({ first: 5, second: 5, firstRoot: root, secondRoot: root, path: [root] }), false, 'a path');
  // No tree extends another but by a proof: an empty path between two sizes proves nothing.
  assert.equal(await verifyConsistency({ first: 4, second: 5, firstRoot: await mth(leaves.slice(0, 4)), secondRoot: root, path: [] }), false);
  // The empty tree is no first tree, and roots must be 32 bytes.
  assert.equal(await verifyConsistency({ first: 0, second: 5, firstRoot: root, secondRoot: root, path: [root] }), false, 'first 0');
  assert.equal(await verifyConsistency({ first: 5, second: 5, firstRoot: root.slice(1), secondRoot: root.slice(1), path: [] }), false,
    'roots of 31 bytes');
  // A history rewritten: leaf 2 changed, then the tree grew. The old root is no first tree of the new one.
  const rewritten = [...leaves.slice(0, 2), await leafOf(98), ...leaves.slice(3), await leafOf(5), await leafOf(6)];
  const path = await consistencyPath(5, rewritten);
  assert.equal(await verifyConsistency({ first: 5, second: 7, firstRoot: root, secondRoot: await mth(rewritten), path }), false);
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
  // A receipt kept without the head it landed in: nothing said about the board's history.
  const none = { keptSignature: null, extended: null };
  assert.deepEqual(await checkBallot(kept), { included: true, signature: 'valid', ...none, failed: null });
  // The head it landed in is today's: the same tree, nothing to prove but its signature.
  assert.deepEqual(await checkBallot({ ...kept, keptHead: head }),
    { included: true, signature: 'valid', keptSignature: 'valid', extended: true, failed: null });
  // The entry changed on the device: it is not the board's leaf.
  const changed = { ...entry, content: { ideas: [2] } };
  assert.deepEqual(await checkBallot({ ...kept, entry: changed }), { included: false, signature: null, ...none, failed: 'entry' });
  assert.equal((await checkBallot({ ...kept, tracker: 'x' })).failed, 'entry');
  // The entry and the proof's leaf hash changed together: the proof no longer reaches the root.
  const forged = { ...proof, leaf_hash: toBase64url(await leafHash(changed)) };
  assert.equal((await checkBallot({ ...kept, entry: changed, tracker: await trackerOf(changed), proof: forged })).failed, 'proof');
  assert.equal((await checkBallot({ ...kept, proof: { ...proof, audit_path: [served.head.root_hash] } })).failed, 'proof');
  assert.equal((await checkBallot({ ...kept, proof: { ...proof, audit_path: ['not base64!'] } })).failed, 'entry');
  assert.equal((await checkBallot({ ...kept, head: { ...head, challenge: 'hermosillo/y' } })).failed, 'head');
  assert.deepEqual(await checkBallot({ ...kept, jwks: { keys: [jwks.keys[0]] } }), { included: true, signature: null, ...none, failed: 'key' });
  assert.deepEqual(await checkBallot({ ...kept, head: { ...head, timestamp: head.timestamp + 1 } }),
    { included: true, signature: 'invalid', ...none, failed: 'signature' });
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
  assert.deepEqual(await checkBallot(kept), { included: true, signature: 'valid', keptSignature: null, extended: null, failed: null });
  assert.equal((await checkBallot({ ...kept, proof: { ...proof, tree_size: n - 1 } })).failed, 'proof', 'a proof for another size');
});

// The ballot (leaf 4) landed in the head of 6 entries; the board grew to 11 since. `rewrite` changes
// entry 2 of the board before it grows, as a server rewriting its history would, and signs that.
async function grownBoard({ rewrite = false } = {}) {
  const entries = Array.from({ length: 11 }, (_, i) => ({ type: 'ballot', seq: i, content: { ideas: [i % 3] } }));
  const leaves = await Promise.all(entries.map(leafHash));
  const { jwk, sign } = await boardSigner();
  const keptHead = await sign({ challenge: 'm/c', tree_size: 6, timestamp: 1768046400000, root_hash: toBase64url(await mth(leaves.slice(0, 6))) });
  if (rewrite) leaves[2] = await leafHash({ ...entries[2], content: { ideas: [9] } });
  const head = await sign({ challenge: 'm/c', tree_size: 11, timestamp: 1768050000000, root_hash: toBase64url(await mth(leaves)) });
  const leaf = 4;
  const proof = { leaf_index: leaf, tree_size: 11, leaf_hash: toBase64url(leaves[leaf]),
    audit_path: (await auditPath(leaf, leaves)).map(toBase64url) };
  const consistency = { first: 6, second: 11, consistency_path: (await consistencyPath(6, leaves)).map(toBase64url) };
  const kept = { challenge: 'm/c', entry: entries[leaf], leaf, tracker: await trackerOf(entries[leaf]), keptHead, head, proof, consistency,
    jwks: { keys: [jwk] } };
  return { kept, sign };
}

test('a board that grew since the ballot still extends the head the device kept', async () => {
  const { kept, sign } = await grownBoard();
  assert.deepEqual(await checkBallot(kept), { included: true, signature: 'valid', keptSignature: 'valid', extended: true, failed: null });
  // The kept head changed on the device: its signature no longer holds, whatever the server says.
  const { keptHead, consistency } = kept;
  const report = await checkBallot({ ...kept, keptHead: { ...keptHead, root_hash: toBase64url(flipped(fromBase64url(keptHead.root_hash))) } });
  assert.deepEqual(report, { included: true, signature: 'valid', keptSignature: 'invalid', extended: null, failed: 'kept' });
  assert.equal((await checkBallot({ ...kept, keptHead: { ...keptHead, timestamp: keptHead.timestamp + 1 } })).failed, 'kept');
  assert.equal((await checkBallot({ ...kept, keptHead: { ...keptHead, root_hash: 'not base64!' } })).failed, 'kept');
  assert.equal((await checkBallot({ ...kept, keptHead: { ...keptHead, challenge: 'm/d' } })).failed, 'kept', 'another challenge\'s head');
  assert.equal((await checkBallot({ ...kept, keptHead: await sign({ ...keptHead, tree_size: 4 }) })).failed, 'kept', 'a head before the leaf');
  // The server's consistency proof: missing, for other sizes, or a hash changed.
  const failed = async (more, what) => assert.deepEqual(await checkBallot({ ...kept, ...more }),
    { included: true, signature: 'valid', keptSignature: 'valid', extended: false, failed: 'consistency' }, what);
  await failed({ consistency: null }, 'no proof');
  await failed({ consistency: { ...consistency, first: 5 } }, 'a proof from another size');
  await failed({ consistency: { ...consistency, second: 10 } }, 'a proof to another size');
  await failed({ consistency: { ...consistency, consistency_path: [] } }, 'an empty proof');
  await failed({ consistency: { ...consistency, consistency_path: ['not base64!'] } }, 'a hash that is not base64url');
  const path = consistency.consistency_path.map(fromBase64url);
  await failed({ consistency: { ...consistency, consistency_path: [toBase64url(flipped(path[0])), ...consistency.consistency_path.slice(1)] } },
    'a hash changed');
  // Heads the board key signed that today's cannot extend: a larger one, or one of today's size with
  // another root.
  assert.equal((await checkBallot({ ...kept, keptHead: await sign({ ...kept.head, tree_size: 12 }) })).failed, 'consistency',
    'a head larger than today\'s');
  assert.equal((await checkBallot({ ...kept, keptHead: await sign({ ...keptHead, tree_size: 11 }) })).failed, 'consistency',
    'the same size, another root');
});

test('a board whose history was rewritten, and signed, does not extend the head the device kept', async () => {
  const { kept } = await grownBoard({ rewrite: true });
  // The ballot's own leaf is still in today's tree, and today's head is the board key's: only the
  // consistency with the kept head shows the rewrite.
  assert.deepEqual(await checkBallot(kept), { included: true, signature: 'valid', keptSignature: 'valid', extended: false, failed: 'consistency' });
});

test('without Ed25519 the heads\' signatures go unchecked, and the board\'s history is still checked', async () => {
  const { kept } = await grownBoard();
  const rewritten = (await grownBoard({ rewrite: true })).kept;
  const { importKey } = crypto.subtle;
  crypto.subtle.importKey = (format, data, algorithm, ...rest) => (algorithm?.name === 'Ed25519'
    ? Promise.reject(new DOMException('Unrecognized name.', 'NotSupportedError'))
    : importKey.call(crypto.subtle, format, data, algorithm, ...rest));
  try {
    assert.deepEqual(await checkBallot(kept),
      { included: true, signature: 'unsupported', keptSignature: 'unsupported', extended: true, failed: null });
    assert.deepEqual(await checkBallot(rewritten),
      { included: true, signature: 'unsupported', keptSignature: 'unsupported', extended: false, failed: 'consistency' });
  } finally {
    crypto.subtle.importKey = importKey;
  }
});
