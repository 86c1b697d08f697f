// frontend/src/officer-key.js: an officer's Ed25519 key derived from their bearer key with
// WebCrypto (Node's, the same API as the browser's): the same bearer key always gives the same
// key, another bearer key another one; the derivation is the contract's, checked against Node's own
// HKDF (node:crypto hkdfSync) and Ed25519 (createPrivateKey from the PKCS#8 bytes); a signature
// of an act's message verifies with the public key as the server publishes it (base64url, raw).
import test from 'node:test';
import assert from 'node:assert/strict';
import { createPrivateKey, createPublicKey, hkdfSync } from 'node:crypto';
import { officerSigningKey, signingSeed, signAct, canSign } from '../../frontend/src/officer-key.js';
import { fromBase64url } from '../../frontend/src/board.js';

const { subtle } = globalThis.crypto;
// An officer's key as the server shows it: "<bearer>.<signing secret>"; only the secret signs.
const secret = 'q0vJ3fJ9xS2m7Tt1aQ8pZkR4nW6yB5cD0eF2gH3iJ4k';
const bearer = `Zb7Yk2W0pQ4rS6tU8vX1aC3eG5iK7mO9qS1uW3yA5cE.${secret}`;

// The contract's derivation with Node's own primitives, not WebCrypto: the seed by HKDF, the
// public key by Node's Ed25519 from the same PKCS#8 bytes.
function expectedPublicKey(key) {
  const seed = Buffer.from(hkdfSync('sha256', Buffer.from(key, 'utf8'), Buffer.from('cabildo officer'), Buffer.from('act signature'), 32));
  const der = Buffer.concat([Buffer.from('302e020100300506032b657004220420', 'hex'), seed]);
  const publicKey = createPublicKey(createPrivateKey({ key: der, format: 'der', type: 'pkcs8' }));
  // The SubjectPublicKeyInfo of an Ed25519 key is a 12-byte prefix and the 32 raw bytes.
  const raw = publicKey.export({ format: 'der', type: 'spki' }).subarray(12);
  return { seed, raw: raw.toString('base64url') };
}

test('this runtime signs with Ed25519 (as chromium does)', async () => {
  assert.equal(await canSign(), true);
  assert.equal(await canSign(null), false, 'no WebCrypto: no signing');
});

test('the seed is HKDF-SHA256 of the signing secret with the contract\'s salt and info', async () => {
  const seed = await signingSeed(secret);
  assert.equal(seed.length, 32);
  assert.deepEqual(Buffer.from(seed), expectedPublicKey(secret).seed);
  // A key without its signing part (an organiser's, or the bearer part alone) signs nothing.
  assert.equal(await officerSigningKey(secret), null);
});

test('the derivation is deterministic, and another key gives another signing key', async () => {
  const first = await officerSigningKey(bearer);
  const second = await officerSigningKey(bearer);
  assert.match(first.publicKey, /^[A-Za-z0-9_-]{43}$/, 'base64url of 32 bytes, no padding');
  assert.equal(first.publicKey, second.publicKey);
  assert.equal(first.publicKey, expectedPublicKey(secret).raw);
  const other = await officerSigningKey(`${bearer}x`);
  assert.notEqual(other.publicKey, first.publicKey);
  assert.equal(other.publicKey, expectedPublicKey(`${secret}x`).raw);
  // The bearer part plays no part in it.
  assert.equal((await officerSigningKey(`otra.${secret}`)).publicKey, first.publicKey);
  // A secret with letters outside ASCII is its UTF-8 bytes.
  assert.equal((await officerSigningKey('b.clave-ñandú')).publicKey, expectedPublicKey('clave-ñandú').raw);
  assert.equal(first.privateKey.extractable, false, 'the private key never leaves WebCrypto');
});

test('a signature of the act\'s message verifies with the published signing key, and only for that message', async () => {
  const message = '{"act":7,"ballots_in_box":4,"blank":1,"checked_in":3,"null":{"illegible":1},"table":1,"valid":2,"votes":{"1":1,"2":2}}';
  const { privateKey, publicKey } = await officerSigningKey(bearer);
  const signature = await signAct(privateKey, message);
  assert.match(signature, /^[A-Za-z0-9_-]{86}$/, 'base64url of 64 bytes, no padding');
  const published = await subtle.importKey('raw', fromBase64url(publicKey), { name: 'Ed25519' }, false, ['verify']);
  const verify = (text, sig = signature) => subtle.verify({ name: 'Ed25519' }, published, fromBase64url(sig), new TextEncoder().encode(text));
  assert.equal(await verify(message), true);
  assert.equal(await verify(message.replace('"valid":2', '"valid":3')), false);
  // Ed25519 is deterministic (RFC 8032): the same message, the same signature.
  assert.equal(await signAct(privateKey, message), signature);
  // Another officer's key does not verify it.
  const other = await officerSigningKey('another.officer');
  const otherKey = await subtle.importKey('raw', fromBase64url(other.publicKey), { name: 'Ed25519' }, false, ['verify']);
  assert.equal(await subtle.verify({ name: 'Ed25519' }, otherKey, fromBase64url(signature), new TextEncoder().encode(message)), false);
});
