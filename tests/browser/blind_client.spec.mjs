// frontend/blind.js against OpenSSL, independently of the server's endpoints: Node's crypto (the
// library the server links) holds an RSA key, signs the page's blinded message as a desk does
// (RSASP1, raw RSA: RFC 9474 §4.3 BlindSign), and verifies the finished token's signature as
// RSASSA-PSS with SHA-384, MGF1-SHA-384 and a 48-byte salt over the prepared message (§4.5). The
// state a page keeps on the device finishes the same token once restored.
import { constants, generateKeyPairSync, privateDecrypt, verify } from 'node:crypto';
import { test, expect } from './fixtures.mjs';

const fromBase64url = (text) => Buffer.from(text, 'base64url');

test('blind.js blinds, and finishes an OpenSSL blind signature into a verifiable token', { tag: '@desktop' }, async ({ page, server }) => {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const { kty, n, e } = publicKey.export({ format: 'jwk' });
  // The JWKS as the challenge publishes it: the Ed25519 issuer key beside the RSA one, whose alg
  // WebCrypto does not know (blind.js must import only {kty, n, e}).
  const jwks = {
    keys: [
      { kty: 'OKP', crv: 'Ed25519', x: '11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo', alg: 'EdDSA', use: 'sig' },
      { kty, n, e, alg: 'RSABSSA-SHA384-PSS-Randomized', use: 'sig' },
    ],
  };
  // RSASP1 as the desk computes it: privateDecrypt without padding is s = m^d mod n.
  const signBlind = (blindedMsg) =>
    privateDecrypt({ key: privateKey, padding: constants.RSA_NO_PADDING }, fromBase64url(blindedMsg))
      .toString('base64url');

  await page.goto(`${server.origin}/`);
  await page.exposeFunction('signBlind', signBlind);
  const out = await page.evaluate(async (jwks) => {
    const { startBlindToken } = await import('/blind.js');
    const started = await startBlindToken(jwks);
    const blindSig = await window.signBlind(started.blindedMsg);
    const token = await started.finish(blindSig);
    // The state a page keeps on the device (JSON in localStorage) finishes the same token after a
    // reload: the key imported afresh, nothing blinded anew.
    const restored = await startBlindToken(jwks, { restore: JSON.parse(JSON.stringify(started.state)) });
    const again = await restored.finish(blindSig);
    const second = await startBlindToken(jwks);
    let refused = null;
    try {
      // A signature over another blinded message does not finish: finalize verifies.
      await second.finish(await window.signBlind(started.blindedMsg));
    } catch (err) {
      refused = String(err.message || err);
    }
    let noKey = null;
    try {
      await startBlindToken({ keys: [jwks.keys[0]] });
    } catch (err) {
      noKey = String(err.message || err);
    }
    return { blindedMsg: started.blindedMsg, otherBlindedMsg: second.blindedMsg, token, refused, noKey,
      again, restoredBlindedMsg: restored.blindedMsg };
  }, jwks);

  expect(out.restoredBlindedMsg).toBe(out.blindedMsg);
  expect(out.again).toBe(out.token);
  expect(out.blindedMsg).toMatch(/^[A-Za-z0-9_-]+$/); // base64url, no padding
  expect(fromBase64url(out.blindedMsg)).toHaveLength(256); // one modulus length
  expect(out.otherBlindedMsg).not.toBe(out.blindedMsg); // a fresh message and blind each time
  expect(out.refused).toMatch(/invalid signature/);
  expect(out.noKey).toMatch(/no RSA/);

  const parts = out.token.split('.');
  expect(parts).toHaveLength(2);
  for (const part of parts) expect(part).toMatch(/^[A-Za-z0-9_-]+$/);
  const [prepared, signature] = parts.map(fromBase64url);
  expect(prepared).toHaveLength(64); // a 32-byte random prefix (the Randomized variant) ‖ 32-byte message
  expect(signature).toHaveLength(256);
  const ok = verify('sha384', prepared, {
    key: publicKey, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: 48,
  }, signature);
  expect(ok).toBe(true);
});
