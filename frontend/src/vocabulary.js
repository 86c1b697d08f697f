// The API's closed vocabularies: every word the server sends or accepts from a fixed set, spelled
// as api/openapi.json's enums and the engine's name tables spell them (engine/domain/*.cpp,
// engine/counting/methods.cpp). The pages compare, list and send these words through this module
// only, never as string literals, so each is written once; tests/frontend/vocabulary.test.mjs
// holds every table to the OpenAPI document and checks the locales word each one.
//
// What counts: a value of an enum of the API that the app reads or writes (a status, a kind, an
// action, a role, a method, a format, an error code). What does not, and stays a literal where it
// is used: the app's own words (its routes, a dialog's answers, a ballot's completeness, the
// device's storage keys, the desk's `gone` and `unknown`, the `network` code api.js makes), the
// names and paths of a body's fields, DOM and Intl words (input types, Intl part types), `typeof`
// results and the empty string.
//
// Each table maps a word to itself (`stepStatus.in_progress` is `'in_progress'`), frozen; a plural
// name is the list in the order the pages show it.

const words = (...names) => Object.freeze(Object.fromEntries(names.map((name) => [name, name])));
const listOf = (...names) => Object.freeze(names);

// ---- challenges ----

// A challenge's windows (`Phase`), in the order they happen.
export const phase = words('consultation', 'submission', 'voting', 'development');
export const phases = listOf(...Object.values(phase));

// `Challenge.status`: the server's, by its clock.
export const challengeStatus = words('upcoming', 'open', 'counting', 'announced', 'development');

// The results are public once the winners are announced, and stay so through the development.
export const isPublished = (challenge) =>
  challenge.status === challengeStatus.announced || challenge.status === challengeStatus.development;

// How a challenge's participants prove they count once: signed tokens (`none`) or blind signatures.
export const anonymity = words('none', 'blind');
export const anonymities = listOf(anonymity.none, anonymity.blind);
export const isBlind = (challenge) => challenge.anonymity === anonymity.blind;

// ---- ballots and counts ----

export const ballotKind = words('approval', 'single', 'points', 'ranking', 'budget');
export const ballotKinds = listOf(...Object.values(ballotKind));

// `CountMethod`: how a count was made (the results' `method`, a ballot's `method`).
export const countMethod = words('approval', 'points', 'schulze', 'borda', 'irv', 'greedy', 'greedy-threshold',
  'greedy-no-skip', 'equal_shares', 'equal_shares-comparison');

// The methods an organiser may choose, by kind, in the order the editor lists them (the server's
// registry, engine/counting/methods.cpp); any other kind has its one method.
export const methodsOf = Object.freeze({
  [ballotKind.ranking]: listOf(countMethod.schulze, countMethod.borda, countMethod.irv),
  [ballotKind.budget]: listOf(countMethod.greedy, countMethod['greedy-threshold'], countMethod['greedy-no-skip'],
    countMethod.equal_shares),
});

// Approvals, single choices and budgets count votes (IRV's rounds aside); points and rankings give
// points. `ballot`: anything with the ballot's `kind` and `method` (the results, a challenge's ballot).
const votesKinds = listOf(ballotKind.approval, ballotKind.single, ballotKind.budget);
export const countsVotes = (ballot) => votesKinds.includes(ballot?.kind) && ballot?.method !== countMethod.irv;

// Where a ballot (`…/receipts/{r}`) or a consultation response (`…/survey/receipts/{r}`) stands.
export const receiptStatus = words('recorded', 'counted', 'replaced', 'revoked', 'withdrawn');
export const ballotReceiptStatuses = listOf(receiptStatus.recorded, receiptStatus.counted, receiptStatus.replaced,
  receiptStatus.revoked);
export const responseReceiptStatuses = listOf(receiptStatus.recorded, receiptStatus.counted, receiptStatus.withdrawn);

// The open data's formats, and which each download offers in the order its page lists them: the
// results (`…/export`), the action plan (`…/commitments?format=`) and the consultation (`…/survey/export`).
export const exportFormat = words('json', 'csv', 'pabulib', 'preflib');
export const exportFormats = Object.freeze({
  results: listOf(exportFormat.json, exportFormat.csv, exportFormat.pabulib, exportFormat.preflib),
  commitments: listOf(exportFormat.csv, exportFormat.json),
  survey: listOf(exportFormat.csv, exportFormat.json),
});

// ---- ideas and the consultation's free text ----

export const ideaStatus = words('visible', 'hidden');
export const isHidden = (idea) => idea.status === ideaStatus.hidden;
// `POST …/ideas/{id}/moderation`.
export const ideaAction = words('hide', 'restore');

export const questionKind = words('single', 'multiple', 'scale', 'ranking', 'text');
export const questionKinds = listOf(...Object.values(questionKind));

// A free-text answer's moderation: its status (`?status=` too) and what an organiser does to it.
export const textStatus = words('pending', 'published', 'hidden');
export const textAction = words('publish', 'hide');

// ---- keys ----

// What `GET /whoami` says a key is; the admin makes keys of the three others (`KeyRole`), an
// organiser the officers' keys of a challenge's in-person tables (`…/tables/{t}/officers`).
export const role = words('admin', 'organiser', 'issuer', 'verifier', 'officer');
export const keyRoles = listOf(role.organiser, role.issuer, role.verifier);

// A key's `purpose` in a challenge's JWKS (`GET …/keys`): the bulletin board's key signs its tree
// heads, never a token (the token keys carry no purpose).
export const keyPurpose = words('board');

// ---- the blind-token relay ----

// A relayed request's `status` for the resident's page, and its `state` for a desk.
export const relayStatus = words('waiting', 'signed');
export const relayState = words('waiting', 'signing', 'signed', 'delivered', 'collected', 'void', 'expired');

// ---- commitments ----

// In the national action plan's order, which its chart keeps.
export const commitmentStatus = words('not_started', 'started', 'completed', 'verified');
export const commitmentStatuses = listOf(...Object.values(commitmentStatus));
// `POST …/commitments/{id}/updates` `action`.
export const commitmentAction = words('start', 'complete_milestone', 'reopen_milestone', 'note', 'verify', 'reject');
// A history entry's `action`: what happened.
export const commitmentEvent = words('created', 'edited', 'started', 'milestone_completed', 'milestone_reopened',
  'verified', 'rejected', 'note');

// ---- open-government exercises ----

export const stepStatus = words('pending', 'in_progress', 'done');
export const stepStatuses = listOf(...Object.values(stepStatus));
export const reportKind = words('interim', 'final');
// `…/report?format=`: the printable page (the default) or its data.
export const reportFormat = words('html', 'json');

// ---- in-person tables ----

// A paper ballot's position as the officers entered it (`PUT …/tables/{t}/ballots/{position}`):
// one entry, two that agree, or two that differ (the pair resolves it, never the server).
export const entryStatus = words('single', 'agreed', 'mismatch');
// Why a paper ballot is null (`{"null": reason}`), in the order the officer's page lists them.
export const nullReason = words('too_many_choices', 'breaks_rules', 'illegible', 'identifies_voter', 'not_official');
export const nullReasons = listOf(...Object.values(nullReason));

// ---- refusals ----

// `ErrorCode`: the `code` of every refusal.
export const errorCode = words('invalid_field', 'unknown_idea', 'malformed_request', 'invalid_target', 'unauthorized',
  'invalid_token', 'token_expired', 'token_revoked', 'forbidden', 'limit_reached', 'too_many_ballots', 'rate_limited',
  'too_many_responses', 'not_found', 'method_not_allowed', 'phase_not_open', 'phase_closed', 'slug_taken',
  'already_issued', 'timeline_locked', 'wrong_status', 'already_voted', 'act_closed', 'body_too_large', 'headers_too_large', 'storage_failure',
  'storage_unavailable', 'shutting_down', 'internal', 'busy', 'overloaded');
