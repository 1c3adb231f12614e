# The two commands of the README:
#   make run   installs what is missing, builds, creates the demo database if absent (with an admin account
#              whose one-time password is printed on the console only), serves on 127.0.0.1:8080
#   make test  installs what is missing, builds with warnings as errors, runs every test suite
# Variables: PORT (8080), DB (var/readout.db), JOBS (number of cores).

PORT ?= 8080
DB ?= var/readout.db
JOBS ?= $(shell nproc)

.PHONY: run test deps build build-ci bench clean

deps:
	@scripts/install-deps

build: deps
	@cmake --preset release >/dev/null
	@cmake --build --preset release -j $(JOBS)

build-ci: deps
	@cmake --preset ci >/dev/null
	@cmake --build --preset ci -j $(JOBS)

run: build
	@mkdir -p $(dir $(DB))
	@if [ ! -f "$(DB)" ]; then \
	  build/release/src/cli/readout init --db "$(DB)" && \
	  build/release/src/cli/readout demo --db "$(DB)" && \
	  build/release/src/cli/readout user add admin --role admin --name "Administrator" --db "$(DB)"; \
	fi
	@build/release/src/cli/readout serve --db "$(DB)" --port $(PORT)

test: build-ci
	@ctest --preset ci

bench: build
	@bench/http/run.sh build/release/src/cli/readout
	@bench/accountability/run.sh build/release

clean:
	rm -rf build
