# forgedesk: `make run` to try it, `make test` to prove it. See README.md.
BUILD ?= build
PORT ?= 8080
DEMO_DB ?= forgedesk-demo.db

.PHONY: all deps web build run test bench bench-scale bench-quick fuzz fuzz-build fuzz-run clean

all: build

deps:
	@scripts/install-deps.sh

web: deps
	@cd web && npm run --silent build

build: web
	@cmake -S . -B $(BUILD) -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
	@cmake --build $(BUILD) -j2

run: build
	@if [ ! -f $(DEMO_DB) ]; then $(BUILD)/forgedesk demo --db sqlite:$(DEMO_DB); \
	else $(BUILD)/forgedesk init --db sqlite:$(DEMO_DB); fi # a demo from an older build gets the new migrations
	@echo
	@echo "  forgedesk is at http://127.0.0.1:$(PORT)"
	@echo "  sign in as admin / forgedesk-demo (or helen.carter, tom.reid, amy.shah, auditor: same password)"
	@echo "  stop with Ctrl-C"
	@echo
	@$(BUILD)/forgedesk serve --db sqlite:$(DEMO_DB) --listen 127.0.0.1:$(PORT)

test: build
	@tests/run.sh

# Every benchmark (docs/PERFORMANCE.md), each wrk run BENCH_SECONDS long,
# each timed (bench/timed.sh) and the whole too.
BENCH_SECONDS ?= 5
BENCH_START := $(shell date +%s)
bench: build
	@bench/timed.sh bench/http.sh $(BENCH_SECONDS)
	@bench/timed.sh bench/search.sh $(BENCH_SECONDS)
	@bench/timed.sh bench/cases.sh $(BENCH_SECONDS)
	@bench/timed.sh bench/calendar.sh
	@bench/timed.sh bench/sla.sh
	@bench/timed.sh bench/scheduler.sh
	@bench/timed.sh bench/retention.sh $(BENCH_SECONDS)
	@bench/timed.sh bench/mail.sh
	@bench/timed.sh bench/privacy.sh
	@bench/timed.sh bench/allocation.sh
	@bench/timed.sh bench/import.sh $(BENCH_IMPORT_ROWS)
	@bench/timed.sh bench/dashboards.sh $(BENCH_SECONDS) $(BENCH_CASES)
	@bench/timed.sh bench/sustained.sh 300 $(BENCH_CASES)
	@echo "make bench: $$(($$(date +%s) - $(BENCH_START))) s in all"

# The large-dataset benchmarks alone (docs/PERFORMANCE.md); the dataset is made
# once into build/large-CASES.db. `make bench-quick` runs them on 100,000 cases.
BENCH_CASES ?= 1000000
BENCH_IMPORT_ROWS ?= 1000000
bench-scale: build
	@bench/dashboards.sh 10 $(BENCH_CASES)
	@bench/sustained.sh 300 $(BENCH_CASES)
bench-quick: build
	@bench/dashboards.sh 3 100000
	@bench/sustained.sh 30 100000

# Every fuzz target (clang's libFuzzer with ASan and UBSan; tests/fuzz,
# docs/SECURITY.md), FUZZ_SECONDS each, starting from its seeds in
# tests/fuzz/seeds/<target> (the API's words in tests/fuzz/api.dict for
# those reading requests and CSV), and keeping what it finds in
# build-fuzz/corpus/<target>. FUZZ_TARGETS picks some of them. A crash, leak
# or finding stops the run, its input saved as build-fuzz/crash-*.
FUZZ_SECONDS ?= 90
FUZZ_TARGETS ?= mail_ingest lmtp json_body query headers survey_token csv_import ics calendar
fuzz: fuzz-build
	@$(MAKE) --no-print-directory fuzz-run

fuzz-build: web
	@CC=clang cmake -S . -B build-fuzz -DCMAKE_BUILD_TYPE=Debug -DFORGEDESK_FUZZ=ON >/dev/null
	@cmake --build build-fuzz -j2 $(addprefix --target fuzz_,$(FUZZ_TARGETS))

fuzz-run:
	@for t in $(FUZZ_TARGETS); do \
	  mkdir -p build-fuzz/corpus/$$t; \
	  quiet=1; case $$t in csv_import|ics) quiet=3;; esac; \
	  dict=; case $$t in json_body|query|headers|survey_token|csv_import) dict=-dict=tests/fuzz/api.dict;; esac; \
	  build-fuzz/fuzz_$$t -max_total_time=$(FUZZ_SECONDS) -max_len=65536 -rss_limit_mb=4096 -timeout=30 \
	    -close_fd_mask=$$quiet $$dict -print_final_stats=1 -artifact_prefix=build-fuzz/crash-$$t- \
	    build-fuzz/corpus/$$t tests/fuzz/seeds/$$t >build-fuzz/fuzz_$$t.log 2>&1 || \
	    { tail -n 60 build-fuzz/fuzz_$$t.log; echo "fuzz_$$t: FINDING (build-fuzz/fuzz_$$t.log)"; exit 1; }; \
	  printf 'fuzz_%-13s %5ss %9s runs %6s exec/s %5s corpus\n' $$t $(FUZZ_SECONDS) \
	    $$(sed -n 's/^stat::number_of_executed_units: *//p' build-fuzz/fuzz_$$t.log) \
	    $$(sed -n 's/^stat::average_exec_per_sec: *//p' build-fuzz/fuzz_$$t.log) \
	    $$(ls build-fuzz/corpus/$$t | wc -l); \
	done

clean:
	rm -rf $(BUILD) build-asan build-fuzz web/dist test-results
