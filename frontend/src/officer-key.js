// A table officer's signing key. The officer's key, shown once, is "<bearer>.<signing secret>":
// the page sends only the bearer part (api.js), and derives from the secret, which never leaves
// the device, the Ed25519 key that signs the table's act; the server published its public half
// (`signing_key`) when it made the key and then forgot the secret, so it cannot sign for the
// officer. The derivation is the API's (README, "The hybrid vote"), WebCrypto only:
//   seed = HKDF-SHA256(IKM = the secret's UTF-8 bytes, salt = "cabildo officer",
//                      info = "act signature", L = 32)            (RFC 5869)
//   the Ed25519 private key is that seed (RFC 8032 section 5.1.5), imported as PKCS#8
//   (RFC 8410 section 7: the fixed 16-byte prefix, then the seed);
//   signing_key = base64url, without padding, of the 32-byte public key.
// An act is signed over the UTF-8 bytes of its `message` (the canonical JSON the server made).
import { toBase64url } from './board.js';

const encoder = new TextEncoder();
const salt = encoder.encode('cabildo officer');
const info = encoder.encode('act signature');
// PKCS#8 PrivateKeyInfo for Ed25519 (RFC 8410 section 7), up to the OCTET STRING of the seed.
const pkcs8Prefix = Uint8Array.of(0x30, 0x2e, 0x02, 0x01, 0x00, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70, 0x04, 0x22, 0x04, 0x20);
const ed25519 = { name: 'Ed25519' };

// Whether this browser can sign: WebCrypto (a secure context) and Ed25519 in it. Answers a promise.
export async function canSign(subtle = globalThis.crypto?.subtle) {
  if (!subtle) return false;
  try {
    await subtle.generateKey(ed25519, false, ['sign', 'verify']);
    return true;
  } catch {
    return false;
  }
}

// The two parts of an officer's key as shown: {bearer, secret}; null for a key of another role.
export function officerKeyParts(key) {
  const parts = String(key || '').split('.');
  return parts.length === 2 && parts[0] && parts[1] ? { bearer: parts[0], secret: parts[1] } : null;
}

// The 32-byte seed of a signing secret.
export async function signingSeed(secret, subtle = globalThis.crypto.subtle) {
  const ikm = await subtle.importKey('raw', encoder.encode(secret), 'HKDF', false, ['deriveBits']);
  return new Uint8Array(await subtle.deriveBits({ name: 'HKDF', hash: 'SHA-256', salt, info }, ikm, 256));
}

async function importSeed(seed, extractable, subtle) {
  const der = new Uint8Array(pkcs8Prefix.length + seed.length);
  der.set(pkcs8Prefix);
  der.set(seed, pkcs8Prefix.length);
  return subtle.importKey('pkcs8', der, ed25519, extractable, ['sign']);
}

// {privateKey (not extractable), publicKey: the signing_key the server publishes for this officer}
// of an officer's key as shown (null for a key without a signing secret). The public half is read
// from an extractable copy of the private key as a JWK (its `x` is the base64url public key, RFC
// 8037 section 2); that copy is dropped at once.
export async function officerSigningKey(officerKey, subtle = globalThis.crypto.subtle) {
  const parts = officerKeyParts(officerKey);
  if (!parts) return null;
  const seed = await signingSeed(parts.secret, subtle);
  const [privateKey, copy] = await Promise.all([importSeed(seed, false, subtle), importSeed(seed, true, subtle)]);
  const { x } = await subtle.exportKey('jwk', copy);
  seed.fill(0);
  return { privateKey, publicKey: x.replace(/=+$/, '') };
}

// The act's signature: base64url Ed25519 over the UTF-8 bytes of `message`.
export async function signAct(privateKey, message, subtle = globalThis.crypto.subtle) {
  return toBase64url(new Uint8Array(await subtle.sign(ed25519, privateKey, encoder.encode(message))));
}
