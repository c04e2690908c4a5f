# Porta. `make run` starts a demo on http://localhost:8080; `make test` runs
# every test. Build outputs are cached: the WebAssembly app is rebuilt only
# when its sources change.

GO      ?= go
PORT    ?= 8080
VERSION ?= $(shell git describe --always --dirty 2>/dev/null || echo dev)

APP_SRC    := $(shell find app api/policy cmd/porta-app -name '*.go' ! -name '*_test.go' 2>/dev/null) $(filter-out %_test.go,$(wildcard api/*.go)) go.mod go.sum
SERVER_SRC := $(shell find api app cmd/porta web -name '*.go' ! -name '*_test.go' 2>/dev/null) $(wildcard web/*.css web/*.svg web/*.png) api/identity/common-passwords.txt go.mod go.sum

.PHONY: all run build wasm test test-unit test-e2e tools lint bench clean

all: build

## wasm: the PWA, plus brotli and gzip copies the server sends to browsers
wasm: web/app.wasm.br

web/app.wasm: $(APP_SRC)
	GOOS=js GOARCH=wasm $(GO) build -trimpath -ldflags='-s -w' -o $@ ./cmd/porta-app

web/app.wasm.br: web/app.wasm cmd/porta-precompress/main.go
	$(GO) run ./cmd/porta-precompress web/app.wasm

## build: the single porta binary, with web/ (app.wasm included) embedded
build: bin/porta bin/porta-demo

bin/porta: web/app.wasm.br $(SERVER_SRC)
	$(GO) build -trimpath -ldflags='-X main.version=$(VERSION)' -o $@ ./cmd/porta

DEMO_SRC := $(shell find api cmd/porta-demo -name '*.go' ! -name '*_test.go' 2>/dev/null) go.mod go.sum

bin/porta-demo: $(DEMO_SRC)
	$(GO) build -trimpath -o $@ ./cmd/porta-demo

## run: the demo on http://localhost:$(PORT), data in ./var, dev mode, with
## the demo product Demo HR beside it on http://localhost:8081
run: bin/porta bin/porta-demo
	@./bin/porta serve --addr 127.0.0.1:$(PORT) --data ./var --dev --demo & porta=$$!; \
	trap 'kill $$porta 2>/dev/null; wait $$porta' EXIT INT TERM; \
	./bin/porta-demo --porta http://localhost:$(PORT) --client-file ./var/demo-hr-client.json

## test: everything — format, vet, unit and store conformance tests (bbolt
## and a throwaway PostgreSQL cluster) with the race detector, then browser
## end-to-end tests against the real binary's parts.
test: tools wasm lint
	.ci/with-postgres $(MAKE) --no-print-directory test-unit test-e2e

tools:
	@.ci/ensure-tools

lint:
	@.ci/check-file-sizes
	@out=$$(gofmt -l app api cmd web); if [ -n "$$out" ]; then echo "gofmt needed:"; echo "$$out"; exit 1; fi
	$(GO) vet ./...
	GOOS=js GOARCH=wasm $(GO) vet ./app/... ./cmd/porta-app/

test-unit:
	$(GO) test -race -count=1 ./api/... ./app/...

test-e2e:
	$(GO) test -count=1 -timeout 15m ./cmd/...

## bench: throughput and size report (see docs/benchmarks.md)
bench: bin/porta web/app.wasm.br
	$(GO) test -run '^$$' -bench . -benchmem ./api/identity/
	.ci/with-postgres sh -c '$(GO) run ./cmd/porta-bench --binary ./bin/porta --wasm web/app.wasm --postgres "$$PORTA_TEST_POSTGRES"'

clean:
	rm -rf bin web/app.wasm web/app.wasm.br web/app.wasm.gz
