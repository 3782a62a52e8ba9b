# forgedesk: `make run` to try it, `make test` to prove it. See README.md.
BUILD ?= build
PORT ?= 8080
DEMO_DB ?= forgedesk-demo.db

.PHONY: all deps web build run test bench bench-scale bench-quick fuzz clean

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

bench: build
	@bench/http.sh
	@bench/search.sh
	@bench/cases.sh
	@bench/calendar.sh
	@bench/sla.sh
	@bench/scheduler.sh
	@bench/retention.sh
	@bench/mail.sh
	@bench/dashboards.sh 10 $(BENCH_CASES)
	@bench/sustained.sh 300 $(BENCH_CASES)

# The large-dataset benchmarks alone (docs/PERFORMANCE.md); the dataset is made
# once into build/large-CASES.db. `make bench-quick` runs them on 100,000 cases.
BENCH_CASES ?= 1000000
bench-scale: build
	@bench/dashboards.sh 10 $(BENCH_CASES)
	@bench/sustained.sh 300 $(BENCH_CASES)
bench-quick: build
	@bench/dashboards.sh 3 100000
	@bench/sustained.sh 30 100000

# The mail ingestion fuzzer (clang's libFuzzer with ASan and UBSan) on the
# seed corpus in tests/fuzz/seeds; FUZZ_SECONDS long (docs/MAIL.md).
FUZZ_SECONDS ?= 90
fuzz: web
	@CC=clang cmake -S . -B build-fuzz -DCMAKE_BUILD_TYPE=Debug -DFORGEDESK_FUZZ=ON >/dev/null
	@cmake --build build-fuzz -j2 --target fuzz_mail_ingest
	@mkdir -p build-fuzz/corpus
	@build-fuzz/fuzz_mail_ingest -max_total_time=$(FUZZ_SECONDS) -max_len=65536 -rss_limit_mb=4096 build-fuzz/corpus tests/fuzz/seeds
	@bench/allocation.sh

clean:
	rm -rf $(BUILD) build-asan build-fuzz web/dist test-results
