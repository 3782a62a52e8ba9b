# forgedesk: `make run` to try it, `make test` to prove it. See README.md.
BUILD ?= build
PORT ?= 8080
DEMO_DB ?= forgedesk-demo.db

.PHONY: all deps web build run test bench clean

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
	@bench/allocation.sh

clean:
	rm -rf $(BUILD) build-asan web/dist test-results
