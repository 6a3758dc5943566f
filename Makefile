# Socket Tester build, test and packaging targets. `make help` lists them.

VERSION := $(shell sed -n 's/^Version *= *"\(.*\)"/\1/p' FyneApp.toml)
LDFLAGS := -s -w -X github.com/sockettester/sockettester/internal/version.Version=$(VERSION)
# The app is built without Fyne's animations: a blinking cursor in a focused
# field otherwise redraws the window at every frame (about 9-13% of a core
# idle; 1.3% without, make idle). Buttons and tabs lose only their fades.
# migrated_fynedo says the app changes widgets only on the UI goroutine or
# through fyne.Do (the tests check it, built without the tag), so Fyne skips
# its per-refresh thread check, which reads the goroutine's stack: a quarter
# of the app's CPU under a connection storm (make storm).
APPTAGS := no_animations,migrated_fynedo
# A count, not a duration: go1.26's fuzz coordinator can fail a run that
# found nothing with "context deadline exceeded" when a -fuzztime duration
# ends under load (golang/go#75804, fixed in go1.27).
FUZZTIME ?= 20000x
# pkgdir:FuzzName for every fuzz target in the tree.
FUZZ_TARGETS := $(shell grep -o '^func Fuzz[A-Za-z0-9_]*' $$(git ls-files '*_test.go') | sed 's|/[^/]*:func |:|')

DIST := dist
LINUX_PKG := $(DIST)/sockettester-$(VERSION)-linux-amd64.tar.xz
WINDOWS_EXE := $(DIST)/sockettester-$(VERSION)-windows-amd64.exe
WINDOWS_CLI := $(DIST)/sockettester-cli-$(VERSION)-windows-amd64.exe
WINDOWS_MSI := $(DIST)/sockettester-$(VERSION)-windows-amd64.msi
LINUX_DEB := $(DIST)/sockettester_$(VERSION)_amd64.deb
CLI_TARGETS := linux/amd64 linux/arm64 windows/amd64 windows/arm64 darwin/amd64 darwin/arm64

.PHONY: help run build cli test vet race cross fuzz interop smoke bench conditions-compare screenshot workshop guiperf storm idle clean \
	package-linux package-windows package-darwin check-package-linux release release-cli \
	windows-cli check-package-windows package-msi check-package-msi package-deb check-package-deb

help: ## list targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | sed 's/:.*## /\t/' | expand -t 20

run: ## install what the app needs if missing, then start it
	./scripts/deps.sh app
	go run -tags $(APPTAGS) -ldflags "$(LDFLAGS)" .

build: ## build the desktop app (cgo) and the CLI (pure Go)
	go build -tags $(APPTAGS) -ldflags "$(LDFLAGS)" -o sockettester .
	CGO_ENABLED=0 go build -ldflags "$(LDFLAGS)" -o sockettester-cli ./cmd/sockettester-cli

cli: ## build only the CLI
	CGO_ENABLED=0 go build -ldflags "$(LDFLAGS)" -o sockettester-cli ./cmd/sockettester-cli

test: vet race cross fuzz interop check-package-linux check-package-windows check-package-msi check-package-deb ## everything CI runs: vet, race tests, cross builds, fuzzing, TLS interop, Linux packages + GUI smoke, Windows build and MSI under Wine
	@echo "make test: all checks passed"

# SELFTEST_TESTS are the tests of the flood self-test, which builds only
# with -tags selftest (it is not part of the app).
SELFTEST_TESTS := $(shell grep -ho '^func Test[A-Za-z0-9_]*' gui/selftest*_test.go | sed 's/^func //' | paste -sd'|')

vet:
	@test -z "$$(gofmt -l $$(git ls-files '*.go'))" || { echo "gofmt needed:"; gofmt -l $$(git ls-files '*.go'); exit 1; }
	go build ./...
	go vet ./...
	go vet -tags selftest . ./gui/...

# SOCKETTESTER_NEED_TSHARK: the pcapng test fails, not skips, without the
# tshark scripts/deps.sh installs; SOCKETTESTER_NEED_PEERS: likewise the
# tests that run real peers (socat, curl, Python's aiosmtpd and websockets,
# Node's ws, ...). The window's package runs its tests one after another,
# most of the race run (17-19 minutes whole), so it runs as two processes
# side by side, beside the other packages, using both cores: GUI_SHARD's
# tests (by name, A to P) in one, all the others (-skip) in the other. Each
# half takes 8-12 minutes, near go test's default 10-minute limit, so the
# limit is 40 minutes.
GUI_SHARD := ^Test[A-Pa-p]

race:
	export SOCKETTESTER_NEED_TSHARK=1 SOCKETTESTER_NEED_PEERS=1; s=0; \
	go test -race -count=1 -timeout 40m $$(go list ./... | grep -v '/gui$$') & p1=$$!; \
	go test -race -count=1 -timeout 40m -run '$(GUI_SHARD)' ./gui/ & p2=$$!; \
	go test -race -count=1 -timeout 40m -skip '$(GUI_SHARD)' ./gui/ & p3=$$!; \
	for p in $$p1 $$p2 $$p3; do wait $$p || s=1; done; \
	[ $$s = 0 ] || { echo "race: a package failed (above)"; exit 1; }
	go test -race -count=1 -timeout 25m -tags selftest -run '^($(SELFTEST_TESTS))$$' ./gui/

cross: ## GOOS=windows/darwin builds of the engine and CLI catch platform-only code
	GOOS=windows GOARCH=amd64 CGO_ENABLED=0 go build -o /dev/null ./sockets/... ./cmd/...
	GOOS=darwin GOARCH=arm64 CGO_ENABLED=0 go build -o /dev/null ./sockets/... ./cmd/...

fuzz: ## run each payload-parser fuzz target briefly
	@for t in $(FUZZ_TARGETS); do \
		d=$${t%%:*}; f=$${t##*:}; log=$$(mktemp); \
		echo "fuzz ./$$d $$f ($(FUZZTIME))"; \
		go test -run '^$$' -fuzz "^$$f$$" -fuzztime $(FUZZTIME) ./$$d/ >$$log 2>&1 || { cat $$log; exit 1; }; \
		rm -f $$log; \
	done

interop: ## openssl s_client/s_server, ncat --ssl and socat against serve, send and relay on 127.0.0.1
	./scripts/interop-tls.sh

smoke: build ## start the real window under Xvfb and check it appears and quits cleanly
	./scripts/smoke.sh

bench: ## engine vs io.Copy / socat / ncat echo, on loopback
	./scripts/bench.sh

conditions-compare: ## network conditions: our relay beside toxiproxy 2.5.0 (built from the module proxy) on 127.0.0.1, about 70 s
	./scripts/conditions-compare.sh

screenshot: build ## the two-click demo under Xvfb, in English and Vietnamese: docs/screenshot.png, docs/screenshot-vi.png
	./scripts/screenshot.sh

workshop: build ## the workshop's steps for real under Xvfb (python3, the lesson's programs): docs/workshop/*.png
	./scripts/workshop.sh

guiperf: build ## idle memory against a bare Fyne window, then a 20 s self-flood and 60 s after it, under Xvfb
	go build -tags selftest,$(APPTAGS) -ldflags "$(LDFLAGS)" -o sockettester-selftest .
	go build -o barewindow ./internal/barewindow
	BARE=./barewindow FLOOD_APP=./sockettester-selftest ./scripts/guiperf.sh

storm: build ## 100 connect+reset a second for 30 s and 200 slowloris peers against the app's server, under Xvfb: CPU, memory, echo p99, menu time
	./scripts/storm.sh

idle: build ## CPU over 30 s of idling (no field focused, a field focused, connected) against a bare Fyne window, under Xvfb
	go build -o barewindow ./internal/barewindow
	BARE=./barewindow ./scripts/idle.sh

package-linux: ## dist/…-linux-amd64.tar.xz via fyne package (binary, .desktop, icon, Makefile)
	./scripts/package.sh linux

package-windows: ## dist/…-windows-amd64.exe: GUI exe with icon and version, cross-built with mingw-w64
	./scripts/package.sh windows
	PECHECK_EXE=$(abspath $(WINDOWS_EXE)) go test -count=1 -run TestBuiltExe -v ./internal/pecheck/ | grep -E '^(---|ok|FAIL)|pecheck_test'

windows-cli: ## dist/sockettester-cli-…-windows-amd64.exe (CGO_ENABLED=0)
	@mkdir -p $(DIST)
	CGO_ENABLED=0 GOOS=windows GOARCH=amd64 go build -trimpath -ldflags "$(LDFLAGS)" -o $(WINDOWS_CLI) ./cmd/sockettester-cli

check-package-windows: package-windows windows-cli ## run the Windows exe under Wine + Xvfb (Use my server, Send, echo seen by ss and in the window) and the CLI exe's serve/send
	./scripts/check-windows-package.sh $(WINDOWS_EXE) $(WINDOWS_CLI)

package-msi: package-windows windows-cli ## dist/…-windows-amd64.msi: installer (Program Files, Start menu, Add/Remove Programs) built with wixl
	./scripts/package-msi.sh $(WINDOWS_EXE) $(WINDOWS_CLI) $(WINDOWS_MSI)

check-package-msi: package-msi ## msiinfo checks the MSI's tables; under Wine msiexec installs it, the exe starts, uninstall leaves nothing
	./scripts/check-msi.sh $(WINDOWS_MSI)

package-deb: ## dist/sockettester_VERSION_amd64.deb: app + CLI in /usr/bin, .desktop, hicolor icons, metainfo, copyright (dpkg-deb)
	./scripts/package-deb.sh $(LINUX_DEB)

check-package-deb: package-deb ## lintian, desktop-file-validate, appstreamcli; dpkg -i, the installed app's window under Xvfb, dpkg -r removes it all
	./scripts/check-deb.sh $(LINUX_DEB)

package-darwin: ## dist/…-macos-ARCH.zip holding Socket Tester.app (run on a Mac)
	./scripts/package.sh darwin

check-package-linux: package-linux ## unpack the Linux package, check its contents, install to a temp prefix and smoke-test it
	./scripts/check-linux-package.sh $(LINUX_PKG)

release-cli: ## the CLI for linux, windows and darwin on amd64 and arm64 (CGO_ENABLED=0)
	@mkdir -p $(DIST)
	@for t in $(CLI_TARGETS); do \
		os=$${t%/*}; arch=$${t#*/}; ext=; [ $$os = windows ] && ext=.exe; \
		out=$(DIST)/sockettester-cli-$(VERSION)-$$os-$$arch$$ext; \
		echo "build $$out"; \
		CGO_ENABLED=0 GOOS=$$os GOARCH=$$arch go build -trimpath -ldflags "$(LDFLAGS)" -o $$out ./cmd/sockettester-cli || exit 1; \
	done

release: package-linux package-deb package-windows package-msi release-cli ## every package, the CLI builds, the portable zip, winget and Flatpak manifests, vendored source and SHA256SUMS, into dist/
	./scripts/package-release.sh

clean:
	rm -rf $(DIST) sockettester sockettester-cli sockettester-selftest barewindow *.exe
