// An anonymous challenge end to end in the browser: frontend/blind.js blinds a message under the
// challenge's RSA key (RFC 9474), the desk signs it once per reference, the page unblinds it into a
// token and votes with it; the count sees one voice, the last ballot.
import { test, expect, base_path, afterVoting, expectStatus } from './fixtures.mjs';

test('a blind token casts one ballot, replaced by the second, counted once', async ({ page, cabildo }) => {
  const [idea1, idea2] = cabildo.ideas;
  await page.goto(`${cabildo.origin}/`);

  const run = await page.evaluate(
    async ({ base, organiserKey, idea1, idea2 }) => {
      const deadline = () => AbortSignal.timeout(15000);
      const json = async (res) => ({ status: res.status, body: await res.json().catch(() => null) });
      const { startBlindToken } = await import('/blind.js');
      const keys = await fetch(`${base}/keys`, { signal: deadline() });
      if (!keys.ok) throw new Error(`GET ${base}/keys: ${keys.status} ${await keys.text()}`);
      const jwks = await keys.json();
      const issue = (blinded_msg) =>
        fetch(`${base}/tokens/blind`, {
          method: 'POST',
          headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${organiserKey}` },
          body: JSON.stringify({ ref: 'CURP-TEST-1', blinded_msg }),
          signal: deadline(),
        }).then(json);
      const vote = (token, choices) =>
        fetch(`${base}/ballot`, {
          method: 'PUT',
          headers: { 'Content-Type': 'application/json' },
          body: JSON.stringify({ token, choices }),
          signal: deadline(),
        }).then(json);

      const started = await startBlindToken(jwks);
      const first = await issue(started.blindedMsg);
      if (first.status !== 201) return { jwks, first };
      const token = await started.finish(first.body.blind_sig);
      // The same request again (a lost answer retried) gets the same signature; another blinded
      // message for the same reference would be a second voice.
      const again = await issue(started.blindedMsg);
      const other = await issue((await startBlindToken(jwks)).blindedMsg);
      const ballot1 = await vote(token, [idea1]);
      const ballot2 = await vote(token, [idea2]);
      return { jwks, blindedMsg: started.blindedMsg, first, token, again, other, ballot1, ballot2 };
    },
    { base: base_path, organiserKey: cabildo.organiserKey, idea1, idea2 },
  );

  const rsa = run.jwks.keys.find((k) => k.kty === 'RSA');
  expect(rsa, JSON.stringify(run.jwks)).toMatchObject({ alg: 'RSABSSA-SHA384-PSS-Randomized' });
  expect(run.blindedMsg).toMatch(/^[A-Za-z0-9_-]+$/);
  expect(run.first.status, JSON.stringify(run.first.body)).toBe(201);
  expect(run.token).toMatch(/^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/);

  expect(run.again.status, JSON.stringify(run.again.body)).toBe(201);
  expect(run.again.body.blind_sig).toBe(run.first.body.blind_sig);
  expect(run.other.status, JSON.stringify(run.other.body)).toBe(409);
  expect(run.other.body.error.code).toBe('already_issued');

  expect(run.ballot1.status, JSON.stringify(run.ballot1.body)).toBe(200);
  expect(run.ballot1.body.replaced).toBe(false);
  expect(run.ballot2.status, JSON.stringify(run.ballot2.body)).toBe(200);
  expect(run.ballot2.body.replaced).toBe(true);

  await cabildo.setClock(afterVoting);
  const results = expectStatus(
    await cabildo.call('GET', `${base_path}/results`, { key: cabildo.organiserKey }), 200, 'results after voting');
  expect(results.ballots).toBe(1);
  expect(results.ranking[0]).toMatchObject({ rank: 1, idea: idea2, score: 1 });
  expect(results.ranking.find((r) => r.idea === idea1)).toMatchObject({ score: 0 });
});
