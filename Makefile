# The two commands of the set-up contract: `make run` and `make test`. Both install what is
# missing from Debian's packages first, so a fresh Debian 12 machine needs nothing else.

BUILD      ?= build
ASAN_BUILD ?= build-asan
FUZZ_BUILD ?= build-fuzz
FUZZ_SMOKE_BUILD ?= build-fuzz-smoke
FUZZ_SECONDS ?= 300
JOBS       ?= $(shell nproc)
ADDRESS    ?= 127.0.0.1
PORT       ?= 8080
DB         ?= data/cabildo.db

# Boost 1.81 (Beast, Asio, URL, Test) sits beside Debian's default 1.74; SQLiteCpp wraps SQLite
# with RAII; CLI11 parses the command line and spdlog logs, both well-kept header libraries
# rather than code of our own; tzdata lets the server check IANA zones; openssl gives the bench
# its `openssl speed` baseline; clang-format and clang-tidy (LLVM 14) keep the style and catch bug
# patterns (`make lint`). libqrencode draws the cards' QR codes and zbar-tools reads them back in
# the tests; ICU puts identity references in Unicode NFC; Node.js and npm bundle the browser's
# blind-signature client and run Playwright, which drives Debian's chromium (never a downloaded one).
# libpq is PostgreSQL's client library (the second storage backend); the postgresql server runs
# only in the tests, which start throwaway instances of their own. dpkg-dev's dpkg-shlibdeps names
# the Debian package's dependencies (`make deb`).
DEB_PACKAGES := cmake g++ make pkg-config libboost1.81-dev libboost-url1.81-dev libboost-test1.81-dev \
                libsqlitecpp-dev libsqlite3-dev libssl-dev openssl nlohmann-json3-dev libcli11-dev \
                libspdlog-dev tzdata clang-format clang-tidy libqrencode-dev zbar-tools libicu-dev \
                chromium libpq-dev postgresql dpkg-dev ninja-build
# clang with libclang-rt-14-dev (its libFuzzer, only recommended by clang, and we install without
# recommends) builds the fuzz targets: installed by the fuzz builds (`make test`'s smoke among them)
# and `make lint`, so `make run` does not download a compiler it does not use.
FUZZ_PACKAGES := clang libclang-rt-14-dev
# Node.js with npm: Debian's packages unless the machine already has a Node.js that brings its own
# npm (NodeSource's build does, and Debian's npm package conflicts with it).
NODE_PACKAGES := $(shell command -v npm >/dev/null 2>&1 || echo nodejs npm)

# Our trees are built by Ninja: it compiles a target's sources while the libraries it links are
# still being built, where Make's generator waits for each library whole (a clean sanitizer tree in
# 387 s instead of 432 s on 2 cores). A tree configured before with Make's generator keeps it, since
# CMake refuses to change a tree's generator; `make clean` moves it over.
generator = $(if $(wildcard $(1)/CMakeCache.txt),,-G Ninja)

SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

.PHONY: deps configure build run test test-release asan bench clean format format-check lint npm web screenshots deb fuzz fuzz-build fuzz-smoke fuzz-smoke-build fuzz-deps install-packages

deps:
	@$(MAKE) --no-print-directory install-packages PACKAGES="$(DEB_PACKAGES) $(NODE_PACKAGES)"

fuzz-deps: deps
	@$(MAKE) --no-print-directory install-packages PACKAGES="$(FUZZ_PACKAGES)"

install-packages:
	@missing=""; \
	for p in $(PACKAGES); do \
	  dpkg-query -W -f='$${Status}' $$p 2>/dev/null | grep -q "install ok installed" || missing="$$missing $$p"; \
	done; \
	if [ -n "$$missing" ]; then \
	  echo "Installing Debian packages:$$missing"; \
	  $(SUDO) apt-get update -qq && \
	  DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq --no-install-recommends $$missing; \
	fi

# Release (-O3) as a packager builds it, warnings as errors here only: a user's or packager's
# plain `cmake` build keeps CABILDO_WERROR off, so a new compiler's warning cannot break it. Unity
# builds (CABILDO_UNITY, CMakeLists.txt) halve the compile time.
configure: deps
	cmake $(call generator,$(BUILD)) -S . -B $(BUILD) -DCMAKE_BUILD_TYPE=Release -DCABILDO_WERROR=ON -DCABILDO_UNITY=ON

build: configure
	cmake --build $(BUILD) -j$(JOBS)

# What each command builds of the Release tree: `make run` the server only; `make test-release`
# the test executables too (`make test` builds the sanitizer tree instead); the benchmarks are
# `make bench`'s.
SERVER_TARGETS := cabildo
TEST_TARGETS   := cabildo cabildo_ballots_tests cabildo_engine_tests cabildo_app_tests cabildo_api_tests

# The npm side, for the browser only (the server needs none of it), pinned by package-lock.json:
# - @cloudflare/blindrsa-ts: the RFC 9474 blind RSA client (RSABSSA-SHA384-PSS-Randomized) on
#   WebCrypto, maintained by Cloudflare, so the page prepares, blinds and finalizes tokens with no
#   cryptography of our own;
# - esbuild: bundles the web app (frontend/src/, plain ES modules) and that client into
#   frontend/dist/ with hashed names (scripts/build-web.mjs), with no framework or dev server;
# - qrcode-generator draws the receipt's QR code in the browser (a few kB, no dependencies);
# - @playwright/test drives Debian's chromium through the browser tests (tests/browser/); its own
#   browsers are never downloaded. axe-core (Deque's engine) checks the page's accessibility there.
# `npm ci` runs again only when node_modules is missing or older than the lock file (the stamp).
NPM_STAMP := node_modules/.cabildo-npm-ci
WEB_DIST  := frontend/dist/index.html
WEB_SRC   := $(shell find frontend/src frontend/locales frontend/public -type f 2>/dev/null) frontend/index.html

$(NPM_STAMP): package.json package-lock.json | deps
	npm ci --no-audit --no-fund
	@touch $@

npm: $(NPM_STAMP)

# The web app, built into frontend/dist/, the folder `cabildo serve` serves.
$(WEB_DIST): $(NPM_STAMP) $(WEB_SRC) scripts/build-web.mjs
	node scripts/build-web.mjs frontend/dist

web: $(WEB_DIST)

run: configure web
	cmake --build $(BUILD) -j$(JOBS) --target $(SERVER_TARGETS)
	$(BUILD)/app/cabildo serve --demo --address $(ADDRESS) --port $(PORT) --db $(DB)

# The C++ tests under AddressSanitizer and UndefinedBehaviorSanitizer, the API tests driving a
# sanitized server. Unity builds here too; `make lint` compiles every source alone, so a header
# that does not compile on its own (its source includes it first) still shows there. -O1 with line
# tables only (-g1): the sanitizers' reports keep file and line, and the counting tests run twice
# as fast as at -O0 while the build is lighter than with full debug information. What serves and
# stores is compiled at -O0 there (CMakeLists.txt: half the compile time, the same test time), and
# so are the test drivers (tests/CMakeLists.txt: a quarter less, the same test time).
asan: deps
	cmake $(call generator,$(ASAN_BUILD)) -S . -B $(ASAN_BUILD) -DCMAKE_BUILD_TYPE=Debug -DCMAKE_CXX_FLAGS_DEBUG="-O1 -g1" -DCABILDO_SANITIZE=ON -DCABILDO_BUILD_SERVER=ON -DCABILDO_BUILD_BENCH=OFF -DCABILDO_WERROR=ON -DCABILDO_UNITY=ON -DCABILDO_UNITY_BATCH=0
	cmake --build $(ASAN_BUILD) -j$(JOBS)

# The libFuzzer targets (tests/fuzz/): clang, every library instrumented for coverage, ASan and
# UBSan, one executable for every target. `make fuzz` runs each for FUZZ_SECONDS (default 300) on
# both cores, built at -O1 (7 to 20 times the executions a second of -O0), and prints its
# executions against the goal of 10 million; `make fuzz-smoke` runs each for 20 s, built at -O0,
# which compiles in half the time (2 minutes instead of 4 on 2 cores). `make test` builds the smoke's
# targets after the sanitizer tree and runs the smoke among the suites (tests/CMakeLists.txt,
# fuzz_smoke). scripts/fuzz.sh says what each run does.
FUZZ_CONFIGURE = CC=clang CXX=clang++ cmake -DCMAKE_BUILD_TYPE=Debug -DCABILDO_FUZZ=ON -DCABILDO_BUILD_TESTS=OFF \
                 -DCABILDO_BUILD_BENCH=OFF -DCABILDO_WERROR=ON -DCABILDO_UNITY=ON -DCABILDO_UNITY_BATCH=0 -S .
fuzz-build: fuzz-deps
	$(FUZZ_CONFIGURE) $(call generator,$(FUZZ_BUILD)) -B $(FUZZ_BUILD) -DCMAKE_CXX_FLAGS_DEBUG="-O1 -g1"
	cmake --build $(FUZZ_BUILD) -j$(JOBS) --target cabildo_fuzz

fuzz-smoke-build: fuzz-deps
	$(FUZZ_CONFIGURE) $(call generator,$(FUZZ_SMOKE_BUILD)) -B $(FUZZ_SMOKE_BUILD) -DCMAKE_CXX_FLAGS_DEBUG="-O0"
	cmake --build $(FUZZ_SMOKE_BUILD) -j$(JOBS) --target cabildo_fuzz

fuzz-smoke: fuzz-smoke-build
	FUZZ_ARTIFACTS=$(CURDIR)/$(FUZZ_SMOKE_BUILD)/artifacts scripts/fuzz.sh $(FUZZ_SMOKE_BUILD)/tests/fuzz/cabildo_fuzz 20 $(JOBS)

fuzz: fuzz-build
	FUZZ_ARTIFACTS=$(CURDIR)/$(FUZZ_BUILD)/artifacts scripts/fuzz.sh $(FUZZ_BUILD)/tests/fuzz/cabildo_fuzz $(FUZZ_SECONDS) $(JOBS)

# Our own C++ sources, tracked or new (never build outputs).
SOURCES = $(shell git ls-files --cached --others --exclude-standard -- '*.cpp' '*.hpp' 2>/dev/null)

format: deps
	@clang-format -i $(SOURCES)

# Fails on any file clang-format would change; `make format` fixes them.
format-check: deps
	@clang-format --dry-run --Werror $(SOURCES)

# The format check, every header compiled on its own (the cabildo_headers target), then clang-tidy
# (.clang-tidy) over every translation unit, configured file by file (a unity build's compile
# commands name its batches, not the sources). The fuzz targets (tests/fuzz/) are clang's only: they
# are checked against a configure of their own (no build: only its compile commands are read).
LINT_BUILD ?= build-lint
lint: format-check fuzz-deps
	cmake $(call generator,$(LINT_BUILD)) -S . -B $(LINT_BUILD) -DCMAKE_BUILD_TYPE=Release -DCABILDO_UNITY=OFF > /dev/null
	cmake --build $(LINT_BUILD) -j$(JOBS) --target cabildo_headers
	git ls-files --cached --others --exclude-standard -- '*.cpp' ':!tests/fuzz/' | xargs -P $(JOBS) -n 4 clang-tidy -p $(LINT_BUILD) --quiet
	$(FUZZ_CONFIGURE) $(call generator,$(LINT_BUILD)-fuzz) -B $(LINT_BUILD)-fuzz -DCABILDO_UNITY=OFF > /dev/null
	git ls-files --cached --others --exclude-standard -- 'tests/fuzz/*.cpp' | xargs -P $(JOBS) -n 4 clang-tidy -p $(LINT_BUILD)-fuzz --quiet

# Every test once, in the sanitizer tree, side by side: the C++ suites, the browser tests against
# the sanitized server, so every request the web app makes is checked by ASan and UBSan too, and the
# fuzz smoke. Twice as many suites at once as cores, and one more for the fuzz smoke (TEST_JOBS): the
# API and browser suites wait on their servers and browsers about half of the time, and the fuzz
# smoke (at nice 10, 20 s a target whatever it gets) takes what the others leave, so it should not
# hold back a suite for five minutes (it did: the second API half then started last and ended the
# run alone). The Release build is `make run`'s; its C++ suites at -O3 are `make test-release`.
#
# What the suites need is made side by side (one make, -j3): the style check and the web app while
# the sanitizer tree and the fuzz smoke's targets build, each tree with its own ninja -j$(JOBS).
# Built one after the other, each tree ended on one busy core while its last units compiled (about
# 11 s each), after waiting for the checks before it. Their output shows as each ends.
TEST_JOBS ?= $(shell echo $$(( $(JOBS) * 2 + 1 )))
test:
	@$(MAKE) --no-print-directory -j3 --output-sync=target format-check web asan fuzz-smoke-build
	CABILDO_FUZZ_SMOKE=$(CURDIR)/$(FUZZ_SMOKE_BUILD)/tests/fuzz/cabildo_fuzz FUZZ_ARTIFACTS=$(CURDIR)/$(FUZZ_SMOKE_BUILD)/artifacts \
	  ctest --test-dir $(ASAN_BUILD) --output-on-failure -j$(TEST_JOBS)

test-release: configure web
	cmake --build $(BUILD) -j$(JOBS) --target $(TEST_TARGETS)
	ctest --test-dir $(BUILD) --output-on-failure -j$(JOBS)

bench: build web
	bench/run.sh $(BUILD)

# The Debian package (scripts/make-deb.sh): the Release server and the web app, a systemd unit and
# its settings, into $(BUILD)/deb/. `apt install ./$(BUILD)/deb/cabildo_*.deb` installs or upgrades.
deb: configure web
	cmake --build $(BUILD) -j$(JOBS) --target $(SERVER_TARGETS)
	scripts/make-deb.sh $(BUILD) $(BUILD)/deb

# The browser tests again, saving the main pages under docs/screenshots/ (desktop and phone).
screenshots: configure web
	cmake --build $(BUILD) -j$(JOBS) --target $(SERVER_TARGETS)
	CABILDO_SCREENSHOTS=$(CURDIR)/docs/screenshots CABILDO_BIN=$(BUILD)/app/cabildo \
	  npx --no playwright test -c tests/browser/playwright.config.mjs

clean:
	rm -rf $(BUILD) $(ASAN_BUILD) $(LINT_BUILD) $(LINT_BUILD)-fuzz $(FUZZ_BUILD) $(FUZZ_SMOKE_BUILD) frontend/dist
