// The resident's side of an anonymous challenge's token: RSA blind signatures, RFC 9474,
// RSABSSA-SHA384-PSS-Randomized, done by Cloudflare's blindrsa-ts on WebCrypto (bundled into
// vendor/ by `make web`), so the page holds no cryptography of its own.
//
// Why blind: the desk signs a blinded message it cannot read, once per identity reference. The
// browser picks the message, keeps it, and only unblinds the signature here; the server first sees
// the message when the token is used, so it cannot link the reference it signed for to the ballot.
import { RSABSSA } from '@cloudflare/blindrsa-ts';

// RFC 4648 §5 base64url without padding, as the API speaks it.
function toBase64url(bytes) {
  let binary = '';
  for (const b of bytes) binary += String.fromCharCode(b);
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

function fromBase64url(text) {
  if (typeof text !== 'string' || !/^[A-Za-z0-9_-]*$/.test(text)) throw new Error('not base64url');
  const b64 = text.replace(/-/g, '+').replace(/_/g, '/') + '='.repeat((4 - (text.length % 4)) % 4);
  const binary = atob(b64);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i += 1) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

const suiteName = 'RSABSSA-SHA384-PSS-Randomized';

// Starts a token from the challenge's JWKS (`GET …/challenges/{c}/keys`, `{"keys":[…]}`): blinds a
// fresh random message under the challenge's RSA key. Returns the blinded message to send to the
// desk (`POST …/tokens/blind`), `state`, and `finish`, which turns the desk's blind signature into
// the anonymous token `base64url(prepared message) "." base64url(signature)`. finish verifies the
// signature (RFC 9474 §4.4 Finalize), so a wrong key or a bad answer throws instead of yielding a
// token the server would refuse.
//
// `state` ({prepared, inv, blinded}, base64url strings) is what finishing needs besides the public
// key: the page keeps it on the device until the token exists, so a reload after the desk signed
// does not lose the voice. startBlindToken(jwks, {restore: state}) picks such a token up again:
// the key is imported afresh from the JWKS and nothing is blinded anew.
export async function startBlindToken(jwks, { restore = null } = {}) {
  const jwk = (jwks?.keys || []).find((k) => k.kty === 'RSA' && k.alg === suiteName);
  if (!jwk || !jwk.n || !jwk.e) throw new Error('the challenge has no RSA blind-signature key');
  // Only {kty, n, e}: WebCrypto rejects a JWK whose alg it does not know (RSABSSA-… is not one).
  const publicKey = await crypto.subtle.importKey(
    'jwk',
    { kty: 'RSA', n: jwk.n, e: jwk.e },
    { name: 'RSA-PSS', hash: 'SHA-384' },
    true, // blindrsa-ts exports the key to read n and e
    ['verify'],
  );
  const suite = RSABSSA.SHA384.PSS.Randomized();
  let preparedMsg;
  let inv;
  let blindedMsg;
  if (restore) {
    preparedMsg = fromBase64url(restore.prepared);
    inv = fromBase64url(restore.inv);
    blindedMsg = fromBase64url(restore.blinded);
  } else {
    const msg = crypto.getRandomValues(new Uint8Array(32));
    preparedMsg = suite.prepare(msg); // RFC 9474 §4.1: a random 32-byte prefix
    ({ blindedMsg, inv } = await suite.blind(publicKey, preparedMsg));
  }
  const state = { prepared: toBase64url(preparedMsg), inv: toBase64url(inv), blinded: toBase64url(blindedMsg) };
  return {
    blindedMsg: state.blinded,
    state,
    finish: async (blindSigBase64url) => {
      const signature = await suite.finalize(publicKey, preparedMsg, fromBase64url(blindSigBase64url), inv);
      return `${toBase64url(preparedMsg)}.${toBase64url(signature)}`;
    },
  };
}
