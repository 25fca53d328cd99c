# Ladder — developer commands. `make test` is what CI runs.
.PHONY: run test testdeps lint generate bench

run:
	go run ./cmd/app

generate:
	go tool templ generate

lint:
	@out=$$(gofmt -l $$(git ls-files '*.go')); if [ -n "$$out" ]; then echo "gofmt needed:"; echo "$$out"; exit 1; fi
	go vet ./...
	@go mod tidy -diff >/dev/null 2>&1 || { echo "go.mod/go.sum are not tidy; run 'go mod tidy' and commit:"; go mod tidy -diff; exit 1; }
	@go tool templ generate >/dev/null 2>&1; \
	if [ -n "$$(git status --porcelain -- '*_templ.go')" ]; then \
		echo "generated templ code is stale; run 'go tool templ generate' and commit:"; \
		git status --porcelain -- '*_templ.go'; exit 1; fi

# Installs redis-server, redis-cli and Chromium when missing (as root or with
# passwordless sudo), else stops with the command to run; see .ci/deps.
testdeps:
	@.ci/deps

test: testdeps lint
	go test -race -count=1 -timeout 40m ./...

bench:
	go test -run '^$$' -bench . -benchmem ./...
