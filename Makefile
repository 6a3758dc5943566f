# Socket Tester build, test and packaging targets. `make help` lists them.

VERSION := $(shell sed -n 's/^Version *= *"\(.*\)"/\1/p' FyneApp.toml)
LDFLAGS := -s -w -X github.com/sockettester/sockettester/internal/version.Version=$(VERSION)
FUZZTIME ?= 5s
FUZZ_TARGETS := $(shell grep -ho '^func Fuzz[A-Za-z0-9_]*' sockets/*_test.go | sed 's/func //')

.PHONY: help run build cli test vet race cross fuzz smoke bench screenshot clean

help: ## list targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | sed 's/:.*## /\t/' | expand -t 20

run: ## install missing system packages, then start the app
	./scripts/deps.sh
	go run -ldflags "$(LDFLAGS)" .

build: ## build the desktop app (cgo) and the CLI (pure Go)
	go build -ldflags "$(LDFLAGS)" -o sockettester .
	CGO_ENABLED=0 go build -ldflags "$(LDFLAGS)" -o sockettester-cli ./cmd/sockettester-cli

cli: ## build only the CLI
	CGO_ENABLED=0 go build -ldflags "$(LDFLAGS)" -o sockettester-cli ./cmd/sockettester-cli

test: vet race cross fuzz smoke ## everything CI runs: vet, race tests, cross builds, fuzzing, GUI smoke
	@echo "make test: all checks passed"

vet:
	@test -z "$$(gofmt -l $$(git ls-files '*.go'))" || { echo "gofmt needed:"; gofmt -l $$(git ls-files '*.go'); exit 1; }
	go build ./...
	go vet ./...

race:
	go test -race -count=1 ./...

cross: ## GOOS=windows/darwin builds of the engine and CLI catch platform-only code
	GOOS=windows GOARCH=amd64 CGO_ENABLED=0 go build -o /dev/null ./sockets/... ./cmd/...
	GOOS=darwin GOARCH=arm64 CGO_ENABLED=0 go build -o /dev/null ./sockets/... ./cmd/...

fuzz: ## run each payload-parser fuzz target briefly
	@for f in $(FUZZ_TARGETS); do \
		echo "fuzz $$f ($(FUZZTIME))"; \
		go test -run '^$$' -fuzz "^$$f$$" -fuzztime $(FUZZTIME) ./sockets/ >/tmp/fuzz-$$f.log 2>&1 || { cat /tmp/fuzz-$$f.log; exit 1; }; \
	done

smoke: ## start the real window under Xvfb and check it appears and quits cleanly
	@if [ -x scripts/smoke.sh ]; then scripts/smoke.sh; else echo "smoke: no GUI yet"; fi

bench: ## engine vs io.Copy / socat / ncat echo, on loopback
	./scripts/bench.sh

screenshot: ## drive the real app under Xvfb and save docs/screenshot.png
	./scripts/screenshot.sh

clean:
	rm -rf dist sockettester sockettester-cli *.exe
