#include "engine/storage/schema.hpp"

#include <array>

namespace cabildo::engine {

namespace {

constexpr std::string_view migration_1 = R"sql(
CREATE TABLE meta (
  key   TEXT PRIMARY KEY,
  value BLOB NOT NULL
);
CREATE TABLE municipalities (
  id         INTEGER PRIMARY KEY,
  slug       TEXT NOT NULL UNIQUE,
  name       TEXT NOT NULL,
  state      TEXT NOT NULL,
  timezone   TEXT NOT NULL,
  locale     TEXT NOT NULL,
  created_at INTEGER NOT NULL
);
CREATE TABLE organiser_keys (
  key_hash        BLOB PRIMARY KEY,
  municipality_id INTEGER NOT NULL REFERENCES municipalities(id),
  created_at      INTEGER NOT NULL
);
CREATE TABLE challenges (
  id                  INTEGER PRIMARY KEY,
  municipality_id     INTEGER NOT NULL REFERENCES municipalities(id),
  slug                TEXT NOT NULL,
  title               TEXT NOT NULL,
  description         TEXT NOT NULL,
  categories          TEXT NOT NULL,
  timeline            TEXT NOT NULL,
  ballot              TEXT NOT NULL,
  winners             INTEGER NOT NULL,
  budget              INTEGER,
  tie_break_seed      TEXT NOT NULL,
  max_ideas_per_token INTEGER NOT NULL,
  issuer_private      BLOB NOT NULL,
  issuer_public       BLOB NOT NULL,
  announced_at        INTEGER,
  announced_result    TEXT,
  created_at          INTEGER NOT NULL,
  UNIQUE (municipality_id, slug)
);
CREATE TABLE tokens (
  challenge_id INTEGER NOT NULL REFERENCES challenges(id),
  jti          TEXT NOT NULL,
  ref_hmac     BLOB,
  issued_at    INTEGER NOT NULL,
  expires_at   INTEGER NOT NULL,
  revoked_at   INTEGER,
  PRIMARY KEY (challenge_id, jti)
) WITHOUT ROWID;
-- One live token per person and challenge, even if two desks ask at once.
CREATE UNIQUE INDEX tokens_live_ref ON tokens (challenge_id, ref_hmac)
  WHERE ref_hmac IS NOT NULL AND revoked_at IS NULL;
CREATE TABLE ideas (
  id            INTEGER PRIMARY KEY AUTOINCREMENT,
  challenge_id  INTEGER NOT NULL REFERENCES challenges(id),
  author_jti    TEXT NOT NULL,
  title         TEXT NOT NULL,
  description   TEXT NOT NULL,
  category      TEXT NOT NULL,
  cost          INTEGER,
  latitude      REAL,
  longitude     REAL,
  created_at    INTEGER NOT NULL,
  hidden        INTEGER NOT NULL DEFAULT 0,
  hidden_reason TEXT NOT NULL DEFAULT ''
);
CREATE INDEX ideas_by_challenge ON ideas (challenge_id, id);
CREATE INDEX ideas_by_author ON ideas (challenge_id, author_jti);
CREATE TABLE ballots (
  id           INTEGER PRIMARY KEY,
  challenge_id INTEGER NOT NULL REFERENCES challenges(id),
  jti          TEXT NOT NULL,
  receipt      TEXT NOT NULL UNIQUE,
  choices      TEXT NOT NULL,
  cast_at      INTEGER NOT NULL,
  replaced_at  INTEGER
);
-- The schema itself makes a second counted ballot per token impossible, whatever the code does.
CREATE UNIQUE INDEX ballots_counted ON ballots (challenge_id, jti) WHERE replaced_at IS NULL;
CREATE TABLE audit_log (
  id              INTEGER PRIMARY KEY,
  at              INTEGER NOT NULL,
  actor           TEXT NOT NULL,
  municipality_id INTEGER NOT NULL,
  challenge_id    INTEGER,
  action          TEXT NOT NULL,
  detail          TEXT NOT NULL
);
CREATE INDEX audit_by_challenge ON audit_log (challenge_id, id);
)sql";

// Signing keys are kept sealed (the column holds what the key vault wrote; rows from migration 1
// still hold a clear key until the start that has the server secret seals them); a cap on ideas
// per challenge; which ideas are counted, frozen when voting closes; how many replaced ballots of
// each token were deleted; the election files built once at publication. Replaced ballots are
// indexed by token only once replaced, so a first ballot writes no page more than before.
constexpr std::string_view migration_2 = R"sql(
ALTER TABLE challenges RENAME COLUMN issuer_private TO issuer_key_sealed;
ALTER TABLE challenges ADD COLUMN max_ideas INTEGER NOT NULL DEFAULT 500;
ALTER TABLE ideas ADD COLUMN counted INTEGER NOT NULL DEFAULT 1;
UPDATE ideas SET counted = 1 - hidden;
ALTER TABLE tokens ADD COLUMN replaced_pruned INTEGER NOT NULL DEFAULT 0;
CREATE INDEX ballots_replaced ON ballots (challenge_id, jti, id) WHERE replaced_at IS NOT NULL;
CREATE INDEX ideas_counted ON ideas (challenge_id, id) WHERE counted = 1;
CREATE TABLE published_exports (
  challenge_id INTEGER NOT NULL REFERENCES challenges(id),
  format       TEXT NOT NULL,
  digest       TEXT NOT NULL,
  body         BLOB NOT NULL,
  PRIMARY KEY (challenge_id, format)
) WITHOUT ROWID;
)sql";

// Keys with an id, a role, a label and a last use, revocable (a revoked key's row stays, so the
// audit entries it made still name a known key); the organiser keys so far become organiser keys. Audit entries name
// the key that acted. Cards come in batches. Blind challenges keep an RSA key, sealed, and one row per person who
// received a blind signature: the reference's HMAC and a digest of the message that was signed, never the signature,
// which the unblinded token could be matched to.
constexpr std::string_view migration_3 = R"sql(
CREATE TABLE access_keys (
  id              INTEGER PRIMARY KEY,
  key_hash        BLOB NOT NULL UNIQUE,
  municipality_id INTEGER NOT NULL REFERENCES municipalities(id),
  role            TEXT NOT NULL,
  label           TEXT NOT NULL DEFAULT '',
  created_at      INTEGER NOT NULL,
  last_used_at    INTEGER,
  revoked_at      INTEGER
);
INSERT INTO access_keys (key_hash, municipality_id, role, created_at)
  SELECT key_hash, municipality_id, 'organiser', created_at FROM organiser_keys ORDER BY created_at, key_hash;
DROP TABLE organiser_keys;
ALTER TABLE audit_log ADD COLUMN key_id INTEGER;
CREATE TABLE token_batches (
  id           INTEGER PRIMARY KEY,
  challenge_id INTEGER NOT NULL REFERENCES challenges(id),
  label        TEXT NOT NULL,
  count        INTEGER NOT NULL,
  created_at   INTEGER NOT NULL,
  key_id       INTEGER
);
CREATE INDEX token_batches_by_challenge ON token_batches (challenge_id, id);
ALTER TABLE tokens ADD COLUMN batch_id INTEGER;
CREATE INDEX tokens_by_batch ON tokens (challenge_id, batch_id) WHERE batch_id IS NOT NULL;
ALTER TABLE challenges ADD COLUMN anonymity TEXT NOT NULL DEFAULT 'signed';
ALTER TABLE challenges ADD COLUMN blind_key_sealed BLOB;
ALTER TABLE challenges ADD COLUMN blind_public BLOB;
CREATE TABLE blind_issuances (
  challenge_id   INTEGER NOT NULL REFERENCES challenges(id),
  ref_hmac       BLOB NOT NULL,
  blinded_digest BLOB NOT NULL,
  issued_at      INTEGER NOT NULL,
  PRIMARY KEY (challenge_id, ref_hmac)
) WITHOUT ROWID;
)sql";

// The action plan's commitments (milestones, topics and verification are small documents that are
// only ever read and written whole, kept as JSON); which idea each commitment carries out, an idea
// in one commitment at most; and each commitment's public history, which triggers keep append-only
// whatever the code does.
constexpr std::string_view migration_4 = R"sql(
CREATE TABLE commitments (
  id           INTEGER PRIMARY KEY,
  challenge_id INTEGER NOT NULL REFERENCES challenges(id),
  title        TEXT NOT NULL,
  objective    TEXT NOT NULL,
  responsible  TEXT NOT NULL,
  indicator    TEXT NOT NULL,
  target       TEXT NOT NULL,
  starts       INTEGER NOT NULL,
  ends         INTEGER NOT NULL,
  topics       TEXT NOT NULL,
  milestones   TEXT NOT NULL,
  started_at   INTEGER,
  verification TEXT,
  created_at   INTEGER NOT NULL,
  updated_at   INTEGER NOT NULL
);
CREATE INDEX commitments_by_challenge ON commitments (challenge_id, id);
CREATE TABLE commitment_ideas (
  challenge_id  INTEGER NOT NULL REFERENCES challenges(id),
  idea_id       INTEGER NOT NULL REFERENCES ideas(id),
  commitment_id INTEGER NOT NULL REFERENCES commitments(id),
  PRIMARY KEY (challenge_id, idea_id)
) WITHOUT ROWID;
CREATE INDEX commitment_ideas_by_commitment ON commitment_ideas (commitment_id, idea_id);
CREATE TABLE commitment_updates (
  id              INTEGER PRIMARY KEY,
  commitment_id   INTEGER NOT NULL REFERENCES commitments(id),
  at              INTEGER NOT NULL,
  by_role         TEXT NOT NULL,
  action          TEXT NOT NULL,
  milestone       INTEGER,
  note            TEXT NOT NULL,
  evidence_url    TEXT NOT NULL,
  evidence_sha256 TEXT NOT NULL,
  changes         TEXT NOT NULL,
  status          TEXT NOT NULL,
  progress        INTEGER NOT NULL
);
CREATE INDEX commitment_updates_by_commitment ON commitment_updates (commitment_id, id);
CREATE TRIGGER commitment_updates_no_update BEFORE UPDATE ON commitment_updates
  BEGIN SELECT RAISE(ABORT, 'commitment history is append-only'); END;
CREATE TRIGGER commitment_updates_no_delete BEFORE DELETE ON commitment_updates
  BEGIN SELECT RAISE(ABORT, 'commitment history is append-only'); END;
)sql";

// The consultation: a challenge's survey (questions, a small document read and written whole), one
// response per token (the schema keeps one; a new one replaces it, its texts with it), and the
// free-text answers with their moderation, published only once an organiser says so. Ids are never
// reused (AUTOINCREMENT), so an audit entry that names an answer keeps naming those words.
constexpr std::string_view migration_5 = R"sql(
CREATE TABLE surveys (
  challenge_id INTEGER PRIMARY KEY REFERENCES challenges(id),
  questions    TEXT NOT NULL,
  updated_at   INTEGER NOT NULL
);
CREATE TABLE survey_responses (
  id           INTEGER PRIMARY KEY AUTOINCREMENT,
  challenge_id INTEGER NOT NULL REFERENCES challenges(id),
  jti          TEXT NOT NULL,
  receipt      TEXT NOT NULL UNIQUE,
  answers      TEXT NOT NULL,
  submitted_at INTEGER NOT NULL,
  UNIQUE (challenge_id, jti)
);
CREATE TABLE survey_texts (
  id           INTEGER PRIMARY KEY AUTOINCREMENT,
  challenge_id INTEGER NOT NULL REFERENCES challenges(id),
  response_id  INTEGER NOT NULL REFERENCES survey_responses(id),
  question     TEXT NOT NULL,
  body         TEXT NOT NULL,
  status       TEXT NOT NULL DEFAULT 'pending',
  reason       TEXT NOT NULL DEFAULT ''
);
CREATE INDEX survey_texts_by_response ON survey_texts (response_id);
CREATE INDEX survey_texts_by_challenge ON survey_texts (challenge_id, status, id);
)sql";

// A municipality's open-government exercises, their 13 steps (a small document read and written
// whole) and the challenges they group; and the reports issued, a final one kept as issued.
constexpr std::string_view migration_6 = R"sql(
CREATE TABLE exercises (
  id              INTEGER PRIMARY KEY,
  municipality_id INTEGER NOT NULL REFERENCES municipalities(id),
  slug            TEXT NOT NULL,
  title           TEXT NOT NULL,
  challenges      TEXT NOT NULL,
  steps           TEXT NOT NULL,
  created_at      INTEGER NOT NULL,
  updated_at      INTEGER NOT NULL,
  UNIQUE (municipality_id, slug)
);
CREATE TABLE exercise_reports (
  exercise_id INTEGER NOT NULL REFERENCES exercises(id),
  kind        TEXT NOT NULL,
  issued_at   INTEGER NOT NULL,
  body        TEXT NOT NULL,
  PRIMARY KEY (exercise_id, kind)
) WITHOUT ROWID;
)sql";

// What a review and an outside client found (issue 18):
// - the consultation: a response of a token revoked while the consultation was open is withdrawn
//   from the count (in one batch, at its close: nobody sees a count before), so the counted set
//   is a column and no longer follows later revocations; each token's submissions are counted
//   across replacements, so a cap holds. Responses of tokens revoked until now stay out, as they
//   were counted until now.
// - the blind-token relay between a resident's page and the desk leaves the server's memory for
//   the database, so every node shares it and a signed request waits for its page (nothing of it
//   outlives its expiry: rows are deleted, and secure_delete zeroes them);
// - cards get a short code to type (its HMAC under the server secret, found by it);
// - the final report keeps the newest history entry it saw and a digest of what it froze;
// - exercises get a public, append-only history, like commitments; commitment history entries
//   keep (privately) the key that wrote them, so notes are bounded per key.
constexpr std::string_view migration_7 = R"sql(
ALTER TABLE survey_responses ADD COLUMN withdrawn INTEGER NOT NULL DEFAULT 0;
ALTER TABLE survey_responses ADD COLUMN submissions INTEGER NOT NULL DEFAULT 1;
UPDATE survey_responses SET withdrawn = 1 WHERE EXISTS (SELECT 1 FROM tokens t
  WHERE t.challenge_id = survey_responses.challenge_id AND t.jti = survey_responses.jti AND t.revoked_at IS NOT NULL);
CREATE INDEX survey_responses_counted ON survey_responses (challenge_id, receipt) WHERE withdrawn = 0;
CREATE TABLE blind_requests (
  challenge_id INTEGER NOT NULL REFERENCES challenges(id),
  code         TEXT NOT NULL,
  blinded_msg  BLOB NOT NULL,
  expires_at   INTEGER NOT NULL,
  ref_hmac     BLOB,
  blind_sig    BLOB,
  state        TEXT NOT NULL DEFAULT 'waiting',
  PRIMARY KEY (challenge_id, code)
) WITHOUT ROWID;
CREATE INDEX blind_requests_by_expiry ON blind_requests (expires_at);
CREATE INDEX blind_requests_by_ref ON blind_requests (challenge_id, ref_hmac) WHERE ref_hmac IS NOT NULL;
ALTER TABLE tokens ADD COLUMN code_hmac BLOB;
CREATE UNIQUE INDEX tokens_by_code ON tokens (challenge_id, code_hmac) WHERE code_hmac IS NOT NULL;
ALTER TABLE exercise_reports ADD COLUMN last_history_id INTEGER NOT NULL DEFAULT 0;
ALTER TABLE exercise_reports ADD COLUMN last_exercise_update INTEGER NOT NULL DEFAULT 0;
ALTER TABLE exercise_reports ADD COLUMN digest TEXT NOT NULL DEFAULT '';
ALTER TABLE commitment_updates ADD COLUMN key_id INTEGER;
CREATE INDEX commitment_updates_notes ON commitment_updates (commitment_id, key_id) WHERE action = 'note';
CREATE TABLE exercise_updates (
  id          INTEGER PRIMARY KEY,
  exercise_id INTEGER NOT NULL REFERENCES exercises(id),
  at          INTEGER NOT NULL,
  by_role     TEXT NOT NULL,
  changes     TEXT NOT NULL
);
CREATE INDEX exercise_updates_by_exercise ON exercise_updates (exercise_id, id);
CREATE TRIGGER exercise_updates_no_update BEFORE UPDATE ON exercise_updates
  BEGIN SELECT RAISE(ABORT, 'exercise history is append-only'); END;
CREATE TRIGGER exercise_updates_no_delete BEFORE DELETE ON exercise_updates
  BEGIN SELECT RAISE(ABORT, 'exercise history is append-only'); END;
)sql";

// What a review of issue 18's fixes found:
// - a consultation's count is frozen by one write at or after its close (a row here), so every
//   answer, revocation or reissue the writer took before the close is in it and none after; readers
//   serve its results only once they see that row;
// - a relayed request keeps the SHA-256 of a secret only its page holds, which withdrawing the
//   request takes, so a bystander who heard the code cannot destroy a signature.
constexpr std::string_view migration_8 = R"sql(
CREATE TABLE survey_freezes (
  challenge_id INTEGER PRIMARY KEY REFERENCES challenges(id),
  frozen_at    INTEGER NOT NULL,
  responses    INTEGER NOT NULL
);
ALTER TABLE blind_requests ADD COLUMN secret_sha256 BLOB;
)sql";

// The storage ready for a second database (issue 19): the two times the timer sweeps for, computed
// from the timeline's JSON by the schema, so the queries that read them are plain SQL both
// databases share and only this expression is SQLite's own.
constexpr std::string_view migration_9 = R"sql(
ALTER TABLE challenges ADD COLUMN announcement_due INTEGER
  GENERATED ALWAYS AS (json_extract(timeline, '$.announcement')) VIRTUAL;
ALTER TABLE challenges ADD COLUMN consultation_closes INTEGER
  GENERATED ALWAYS AS (json_extract(timeline, '$.consultation.closes')) VIRTUAL;
)sql";

// Past one machine (issue 20): the test clock (`serve --test-clock`) kept where every node reads it,
// one row; never present in a real consultation's database.
constexpr std::string_view migration_10 = R"sql(
CREATE TABLE test_clock (
  id  INTEGER PRIMARY KEY CHECK (id = 1),
  now INTEGER NOT NULL
);
)sql";

// Verifiable counting (issue 21): each challenge's bulletin board. Its entries in order, the complete
// subtrees of its Merkle tree (level 0 the leaves' hashes), its signed tree heads, its Ed25519 key
// sealed like the issuer key, the leaf of its close entry; each ballot's leaf; and when voting
// closes, computed as migration 9 computes the announcement, for the timer that closes boards.
// Challenges made before this migration have no board. A subtree is keyed by the leaf that
// completed it (the last of its range), so the nodes an append writes sit together at the end of
// the index: a commit writes a page or two of them, not one per level. The entries (hundreds of bytes each) keep
// their rowid table: SQLite advises WITHOUT ROWID only for rows well under a twentieth of a page.
constexpr std::string_view migration_11 = R"sql(
CREATE TABLE boards (
  challenge_id INTEGER PRIMARY KEY REFERENCES challenges(id),
  key_sealed   BLOB NOT NULL,
  key_public   BLOB NOT NULL,
  closed_leaf  INTEGER
);
CREATE TABLE board_entries (
  challenge_id INTEGER NOT NULL REFERENCES challenges(id),
  seq          INTEGER NOT NULL,
  body         TEXT NOT NULL,
  PRIMARY KEY (challenge_id, seq)
);
CREATE TABLE board_nodes (
  challenge_id INTEGER NOT NULL REFERENCES challenges(id),
  leaf         INTEGER NOT NULL,
  level        INTEGER NOT NULL,
  hash         BLOB NOT NULL,
  PRIMARY KEY (challenge_id, leaf, level)
) WITHOUT ROWID;
CREATE TABLE board_heads (
  challenge_id INTEGER NOT NULL REFERENCES challenges(id),
  size         INTEGER NOT NULL,
  at           INTEGER NOT NULL,
  root         BLOB NOT NULL,
  signature    BLOB NOT NULL,
  PRIMARY KEY (challenge_id, size)
) WITHOUT ROWID;
ALTER TABLE ballots ADD COLUMN leaf INTEGER;
ALTER TABLE challenges ADD COLUMN voting_closes INTEGER
  GENERATED ALWAYS AS (json_extract(timeline, '$.voting.closes')) VIRTUAL;
)sql";

// The hybrid vote (issue 22): in-person tables, their officers' keys (scoped to a table, with the
// public half of the key that signs its act), the people checked in (only their reference's HMAC:
// nothing links a check-in to a table or to a paper ballot), the officers' entries of each paper
// ballot (one per officer and position, per edition of the table's act), the acts (drafts, then
// closed; a correction is a new edition whose act supersedes the last), and the paper ballots of
// each closed act with their leaves on the board. The challenge says what a check-in does to an
// earlier online ballot. The tokens check-ins revoked wait for the tally to go on the board
// (deferred_revocations), so no entry beside a check-in names the token of the person checked in.
constexpr std::string_view migration_12 = R"sql(
ALTER TABLE challenges ADD COLUMN in_person_policy TEXT NOT NULL DEFAULT 'paper_replaces_online';
UPDATE challenges SET in_person_policy = 'first_counts' WHERE anonymity = 'blind';
CREATE TABLE polling_tables (
  id           INTEGER PRIMARY KEY,
  challenge_id INTEGER NOT NULL REFERENCES challenges(id),
  name         TEXT NOT NULL,
  address      TEXT NOT NULL,
  district     TEXT,
  opens        INTEGER NOT NULL,
  closes       INTEGER NOT NULL,
  observers    TEXT NOT NULL,
  edition      INTEGER NOT NULL DEFAULT 1,
  checked_in   INTEGER NOT NULL DEFAULT 0,
  set_aside    INTEGER NOT NULL DEFAULT 0,
  refused      INTEGER NOT NULL DEFAULT 0,
  duplicates   INTEGER NOT NULL DEFAULT 0,
  correction   TEXT NOT NULL DEFAULT '',
  created_at   INTEGER NOT NULL
);
CREATE INDEX polling_tables_challenge ON polling_tables (challenge_id, id);
ALTER TABLE access_keys ADD COLUMN challenge_id INTEGER;
ALTER TABLE access_keys ADD COLUMN table_id INTEGER;
ALTER TABLE access_keys ADD COLUMN signing_key BLOB;
CREATE TABLE check_ins (
  challenge_id INTEGER NOT NULL REFERENCES challenges(id),
  ref_hmac     BLOB NOT NULL,
  PRIMARY KEY (challenge_id, ref_hmac)
) WITHOUT ROWID;
CREATE TABLE paper_entries (
  table_id     INTEGER NOT NULL REFERENCES polling_tables(id),
  edition      INTEGER NOT NULL,
  box_position INTEGER NOT NULL,
  officer_id   INTEGER NOT NULL REFERENCES access_keys(id),
  mark         TEXT NOT NULL,
  at           INTEGER NOT NULL,
  PRIMARY KEY (table_id, edition, box_position, officer_id)
) WITHOUT ROWID;
CREATE TABLE table_acts (
  id           INTEGER PRIMARY KEY,
  table_id     INTEGER NOT NULL REFERENCES polling_tables(id),
  challenge_id INTEGER NOT NULL REFERENCES challenges(id),
  edition      INTEGER NOT NULL,
  message      TEXT NOT NULL,
  signers      TEXT NOT NULL,
  signatures   TEXT NOT NULL,
  created_at   INTEGER NOT NULL,
  closed_at    INTEGER,
  leaf         INTEGER
);
CREATE INDEX table_acts_table ON table_acts (table_id, id);
CREATE TABLE paper_ballots (
  act_id       INTEGER NOT NULL REFERENCES table_acts(id),
  box_position INTEGER NOT NULL,
  challenge_id INTEGER NOT NULL REFERENCES challenges(id),
  table_id     INTEGER NOT NULL REFERENCES polling_tables(id),
  mark         TEXT NOT NULL,
  leaf         INTEGER,
  PRIMARY KEY (act_id, box_position)
);
CREATE INDEX paper_ballots_challenge ON paper_ballots (challenge_id, act_id);
CREATE TABLE deferred_revocations (
  challenge_id INTEGER NOT NULL REFERENCES challenges(id),
  jti          TEXT NOT NULL,
  PRIMARY KEY (challenge_id, jti)
) WITHOUT ROWID;
)sql";

constexpr std::array<std::string_view, 12> migrations{migration_1, migration_2,  migration_3,  migration_4,
                                                      migration_5, migration_6,  migration_7,  migration_8,
                                                      migration_9, migration_10, migration_11, migration_12};

} // namespace

std::span<const std::string_view> schema_migrations() { return migrations; }

} // namespace cabildo::engine
