// frontend/src/vocabulary.js: the API's closed vocabularies, each spelled as the server's OpenAPI
// document (api/openapi.json) spells it, each word the pages show worded in every locale, and no
// source comparing one of them as a string literal.
import test from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import openapi from '../../api/openapi.json';
import esMX from '../../frontend/locales/es-MX.json';
import en from '../../frontend/locales/en.json';
import organiserEsMX from '../../frontend/locales/organiser.es-MX.json';
import organiserEn from '../../frontend/locales/organiser.en.json';
import * as v from '../../frontend/src/vocabulary.js';

const schemas = openapi.components.schemas;
const property = (schema, name) => (schema.properties || schema.allOf.find((s) => s.properties).properties)[name].enum;
const query = (path, name) => openapi.paths[path].get.parameters.find((p) => p.name === name).schema.enum;
const words = (table) => Object.values(table);

test('every table is the OpenAPI document\'s enum, word for word and in its order', () => {
  const contract = [
    [v.phase, schemas.Phase.enum],
    [v.challengeStatus, property(schemas.Challenge, 'status')],
    [v.anonymity, property(schemas.ChallengeInput, 'anonymity')],
    [v.ballotKind, schemas.BallotKind.enum],
    [v.countMethod, schemas.CountMethod.enum],
    [v.receiptStatus, property(schemas.ReceiptStatus, 'status')],
    [v.exportFormat, query('/municipalities/{m}/challenges/{c}/export', 'format')],
    [v.ideaStatus, property(schemas.Idea, 'status')],
    [v.ideaAction, property(schemas.ModerationInput, 'action')],
    [v.questionKind, schemas.QuestionKind.enum],
    [v.textStatus, property(schemas.SurveyText, 'status')],
    [v.textAction, property(schemas.SurveyTextModeration, 'action')],
    [v.role, property(schemas.Whoami, 'role')],
    [v.relayStatus, property(schemas.BlindRelayStatus, 'status')],
    [v.relayState, property(schemas.BlindRelayStatus, 'state')],
    [v.commitmentStatus, schemas.CommitmentStatus.enum],
    [v.commitmentAction, property(schemas.CommitmentAction, 'action')],
    [v.commitmentEvent, property(schemas.CommitmentUpdate, 'action')],
    [v.stepStatus, schemas.StepStatus.enum],
    [v.reportKind, property(schemas.Report, 'kind')],
    [v.reportFormat, query('/municipalities/{m}/exercises/{e}/report', 'format')],
    [v.errorCode, schemas.ErrorCode.enum],
    [v.entryStatus, schemas.EntryStatus.enum],
    [v.nullReason, schemas.NullReason.enum],
  ];
  for (const [table, spelled] of contract) assert.deepEqual(words(table), spelled);
  assert.deepEqual(v.keyRoles, schemas.KeyRole.enum);
  assert.deepEqual(v.phases, schemas.Phase.enum);
  assert.deepEqual(v.ballotKinds, schemas.BallotKind.enum);
  assert.deepEqual(v.questionKinds, schemas.QuestionKind.enum);
  assert.deepEqual(v.commitmentStatuses, schemas.CommitmentStatus.enum);
  assert.deepEqual(v.stepStatuses, schemas.StepStatus.enum);
  assert.deepEqual(v.anonymities, property(schemas.ChallengeInput, 'anonymity'));
  assert.deepEqual(v.nullReasons, schemas.NullReason.enum);
  assert.deepEqual(query('/municipalities/{m}/challenges/{c}/survey/texts', 'status'), words(v.textStatus));
  assert.deepEqual(query('/municipalities/{m}/exercises/{e}/report', 'kind'), words(v.reportKind));
});

test('each download offers the formats its endpoint accepts, in the order its page lists them', () => {
  const accepted = (path) => [...query(path, 'format')].sort();
  assert.deepEqual(v.exportFormats.results, ['json', 'csv', 'pabulib', 'preflib']);
  assert.deepEqual([...v.exportFormats.results].sort(), accepted('/municipalities/{m}/challenges/{c}/export'));
  assert.deepEqual(v.exportFormats.commitments, ['csv', 'json']);
  assert.deepEqual([...v.exportFormats.commitments].sort(), accepted('/municipalities/{m}/challenges/{c}/commitments'));
  assert.deepEqual(v.exportFormats.survey, ['csv', 'json']);
  assert.deepEqual([...v.exportFormats.survey].sort(), accepted('/municipalities/{m}/challenges/{c}/survey/export'));
});

test('the lists that are part of a table keep its words and the order the pages show', () => {
  assert.deepEqual(v.keyRoles, ['organiser', 'issuer', 'verifier']);
  assert.deepEqual(v.nullReasons, ['too_many_choices', 'breaks_rules', 'illegible', 'identifies_voter', 'not_official']);
  assert.deepEqual(v.ballotReceiptStatuses, ['recorded', 'counted', 'replaced', 'revoked']);
  assert.deepEqual(v.responseReceiptStatuses, ['recorded', 'counted', 'withdrawn']);
  assert.deepEqual(v.methodsOf, { ranking: ['schulze', 'borda', 'irv'], budget: ['greedy', 'greedy-threshold', 'greedy-no-skip', 'equal_shares'] });
  for (const methods of Object.values(v.methodsOf)) for (const m of methods) assert.ok(words(v.countMethod).includes(m), m);
});

test('every table maps each word to itself and cannot be changed', () => {
  for (const [name, table] of Object.entries(v)) {
    if (typeof table !== 'object') continue;
    assert.ok(Object.isFrozen(table), name);
    if (Array.isArray(table)) continue;
    for (const [key, value] of Object.entries(table)) {
      if (Array.isArray(value)) assert.ok(Object.isFrozen(value), `${name}.${key}`);
      else assert.equal(key, value, name);
    }
  }
  assert.throws(() => { v.stepStatus.done = 'hecho'; }, TypeError); // a module is strict code
});

test('the predicates read the words from the tables', () => {
  assert.equal(v.isPublished({ status: 'announced' }), true);
  assert.equal(v.isPublished({ status: 'development' }), true);
  for (const status of ['upcoming', 'open', 'counting']) assert.equal(v.isPublished({ status }), false, status);
  assert.equal(v.isHidden({ status: 'hidden' }), true);
  assert.equal(v.isHidden({ status: 'visible' }), false);
  assert.equal(v.isBlind({ anonymity: 'blind' }), true);
  assert.equal(v.isBlind({ anonymity: 'none' }), false);
  assert.equal(v.isBlind({}), false);
  // Votes: approval, single and budget; points: the rest, and IRV's rounds.
  assert.equal(v.countsVotes({ kind: 'approval', method: 'approval' }), true);
  assert.equal(v.countsVotes({ kind: 'single' }), true);
  assert.equal(v.countsVotes({ kind: 'budget', method: 'equal_shares' }), true);
  assert.equal(v.countsVotes({ kind: 'points', method: 'points' }), false);
  assert.equal(v.countsVotes({ kind: 'ranking', method: 'borda' }), false);
  assert.equal(v.countsVotes({ kind: 'ranking', method: 'irv' }), false);
  assert.equal(v.countsVotes(undefined), false);
});

// What the pages show for a word is a message keyed by it: each word a page may show has one in
// Spanish and in English (a missing one would show as its key).
test('every word a page shows is worded in every locale', () => {
  const resident = { 'es-MX': esMX, en };
  const organiser = { 'es-MX': { ...esMX, ...organiserEsMX }, en: { ...en, ...organiserEn } };
  const worded = [
    [resident, 'phase.%', v.phases],
    [resident, 'phase.%.open', v.phases],
    [resident, 'status.%', words(v.challengeStatus)],
    [resident, 'method.%', words(v.countMethod)],
    [resident, 'receipts.ballot.%', v.ballotReceiptStatuses],
    [resident, 'receipts.ballot.%_why', v.ballotReceiptStatuses],
    [resident, 'receipts.survey.%', v.responseReceiptStatuses],
    [resident, 'receipts.survey.%_why', v.responseReceiptStatuses],
    [resident, 'results.export.%', v.exportFormats.results],
    [resident, 'progress.export.%', v.exportFormats.commitments],
    [resident, 'survey.results.export.%', v.exportFormats.survey],
    [resident, 'survey.error.%', v.questionKinds],
    [resident, 'progress.status.%', v.commitmentStatuses],
    [resident, 'progress.group.%', v.commitmentStatuses],
    [resident, 'progress.action.%', words(v.commitmentEvent)],
    [resident, 'exercise.status.%', v.stepStatuses],
    [resident, 'exercise.history.status.%', v.stepStatuses],
    [resident, 'exercise.report.%', words(v.reportKind)],
    [organiser, 'org.kind.%', v.ballotKinds],
    [organiser, 'org.method.%', Object.values(v.methodsOf).flat()],
    [organiser, 'org.anonymity.%', v.anonymities],
    [organiser, 'org.survey.kind.%', v.questionKinds],
    [organiser, 'org.role.%', words(v.role)],
    [organiser, 'org.refused.%', words(v.role)],
    [organiser, 'org.admin.role.%', v.keyRoles],
    [organiser, 'org.moderation.%', words(v.ideaAction)],
    [organiser, 'org.desk.relay.%', words(v.relayState)],
    [organiser, 'org.table.null.%', v.nullReasons],
  ];
  for (const [locales, pattern, list] of worded) {
    for (const [name, messages] of Object.entries(locales)) {
      for (const word of list) {
        const key = pattern.replace('%', word);
        assert.ok(key in messages, `${name} has no ${key}`);
      }
    }
  }
});

// Every `x === 'word'`, `'word' !== x` or `case 'word':` in the app's sources whose word is one of
// the API's; the sources are read as files (scripts/test-frontend.mjs says where: CABILDO_REPO).
// The same spelling meaning something else is named here with its reason.
const notTheApiWord = new Map([
  ['main.js', ['organiser']], // the /organiser route
  ['organiser/editor.js', ['budget']], // the challenge body's `budget` field, fixed at creation
  ['organiser/tables.js', ['csv']], // the field `csv` of `POST …/tables`, the file's text, that a refusal names
]);

test('no source compares one of the API\'s words as a string literal', () => {
  const repo = process.env.CABILDO_REPO;
  assert.ok(repo, 'CABILDO_REPO is not set: run node scripts/test-frontend.mjs');
  const src = path.join(repo, 'frontend', 'src');
  const all = new Set(Object.values(v).filter((x) => typeof x === 'object' && !Array.isArray(x))
    .flatMap((table) => Object.values(table)).flat());
  const sources = (dir) => readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const file = path.join(dir, entry.name);
    return entry.isDirectory() ? sources(file) : entry.name.endsWith('.js') ? [file] : [];
  });
  const compared = /[!=]==\s*'([^'\\]*)'|'([^'\\]*)'\s*[!=]==|\bcase\s+'([^'\\]*)'\s*:/g;
  const found = [];
  const excused = [];
  for (const file of sources(src)) {
    const name = path.relative(src, file).split(path.sep).join('/');
    if (name === 'vocabulary.js') continue;
    const allowed = notTheApiWord.get(name) || [];
    readFileSync(file, 'utf8').split('\n').forEach((line, i) => {
      for (const m of line.matchAll(compared)) {
        const word = m[1] ?? m[2] ?? m[3];
        if (!all.has(word)) continue;
        if (allowed.includes(word)) excused.push(`${name} ${word}`);
        else found.push(`${name}:${i + 1}: '${word}'`);
      }
    });
  }
  assert.deepEqual(found, []);
  // An excuse nothing needs any more goes.
  assert.deepEqual([...new Set(excused)].sort(), [...notTheApiWord].flatMap(([name, list]) => list.map((w) => `${name} ${w}`)).sort());
});
